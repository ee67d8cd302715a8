"""Writes GPT-2-layout checkpoints with random weights, and the logits our PyTorch reference computes from them.

Hugging Face's GPT-2 files differ from nanoGPT's module layout in two ways this fixture exercises:
- the four projections (attn.c_attn, attn.c_proj, mlp.c_fc, mlp.c_proj) are Conv1D, whose weight is stored
  (in, out) -- the transpose of nn.Linear's (out, in);
- the file may carry extras: the causal-mask buffers `h.N.attn.bias` / `h.N.attn.masked_bias`, a `transformer.`
  prefix on every name, and an `lm_head.weight` equal to `wte.weight` (tied).
The safetensors files are written by hand (8-byte little-endian header length, a JSON header of dtype, shape and
data offsets, then the raw little-endian data), so no package beyond torch is needed.

Writes tests/fixtures/gpt2/:
  tiny.safetensors       float32, bare names (as Hugging Face's gpt2 repository), with the mask buffers
  tiny-f16.safetensors   float16, `transformer.` prefix and `lm_head.weight` (as a GPT2LMHeadModel save)
  config.json            Hugging Face's config fields for the tiny model
  vocab-f16.safetensors  GPT-2's full vocabulary (50,257) on a tiny trunk (1 layer, 2 heads, 8 wide, context 32),
  vocab-config.json      float16: a file the app opens with GPT-2's tokenizer (the e2e test drops it into the lab)
  golden.json            idx, targets, logits (float64 reference, weights as stored in float32) and loss, and the
                         logits of the float16 weights
Run: /usr/bin/python3 scripts/golden/make_gpt2_fixture.py  (seeded; needs Debian's python3-torch)
     /usr/bin/python3 scripts/golden/make_gpt2_fixture.py --full DIR  writes DIR/model.safetensors and DIR/config.json:
     a GPT-2 124M-shaped file (12 layers, 12 heads, 768 wide, context 1024, vocabulary 50257) with random weights,
     about 500 MB, for benchmarks (not committed)
"""
import json
import os
import struct
import sys

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt_reference import GPT, GPTConfig  # noqa: E402

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "gpt2")
CONV1D = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
DTYPES = {torch.float32: "F32", torch.float16: "F16"}

FULL = sys.argv[sys.argv.index("--full") + 1] if "--full" in sys.argv else None
if FULL:
    torch.set_default_dtype(torch.float32)  # 124M parameters: float64 would only double the time and memory
    cfg = GPTConfig(vocab_size=50257, block_size=1024, n_layer=12, n_head=12, n_embd=768, bias=True, activation="gelu_tanh")
else:
    cfg = GPTConfig(vocab_size=97, block_size=16, n_layer=2, n_head=2, n_embd=16, bias=True, activation="gelu_tanh")
torch.manual_seed(2026)
model = GPT(cfg)
model.init_weights(perturb=True)


def hf_state(dtype):
    """The reference's weights in Hugging Face's layout (Conv1D transposed), cast to `dtype`."""
    out = {}
    for name, p in model.state_dict().items():
        t = p.t() if name.endswith(CONV1D) else p
        out[name] = t.to(dtype).contiguous()
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        data = t.numpy().tobytes()  # little-endian on x86
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def reference_logits(state):
    """Logits of the reference GPT whose weights are `state` (Hugging Face layout), computed in float64."""
    ref = GPT(cfg)
    ref.load_state_dict({n: (t.t() if n.endswith(CONV1D) else t).to(torch.float64) for n, t in state.items()})
    with torch.no_grad():
        return ref(idx, targets)


def config_json():
    return {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": cfg.vocab_size,
            "n_positions": cfg.block_size, "n_ctx": cfg.block_size, "n_embd": cfg.n_embd, "n_layer": cfg.n_layer,
            "n_head": cfg.n_head, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5, "torch_dtype": "float32"}


if FULL:
    os.makedirs(FULL, exist_ok=True)
    write_safetensors(os.path.join(FULL, "model.safetensors"), hf_state(torch.float32))
    with open(os.path.join(FULL, "config.json"), "w") as f:
        json.dump(config_json(), f, indent=1)
    print(f"wrote {FULL}/model.safetensors and config.json (random weights, GPT-2 124M's shapes)")
    sys.exit(0)

os.makedirs(OUT, exist_ok=True)
f32, f16 = hf_state(torch.float32), hf_state(torch.float16)

tiny_cfg = cfg
cfg = GPTConfig(vocab_size=50257, block_size=32, n_layer=1, n_head=2, n_embd=8, bias=True, activation="gelu_tanh")
model = GPT(cfg)
model.init_weights(perturb=True)
write_safetensors(os.path.join(OUT, "vocab-f16.safetensors"), hf_state(torch.float16))
with open(os.path.join(OUT, "vocab-config.json"), "w") as f:
    json.dump(config_json(), f, indent=1)
cfg = tiny_cfg
torch.manual_seed(2026)
model = GPT(cfg)
model.init_weights(perturb=True)

bare = dict(f32)
T = cfg.block_size
for i in range(cfg.n_layer):  # GPT-2's causal mask and its old "masked_bias" constant, both buffers
    bare[f"h.{i}.attn.bias"] = torch.tril(torch.ones(T, T, dtype=torch.float32)).view(1, 1, T, T)
    bare[f"h.{i}.attn.masked_bias"] = torch.tensor(-1e4, dtype=torch.float32)
write_safetensors(os.path.join(OUT, "tiny.safetensors"), bare)

prefixed = {f"transformer.{n}": t for n, t in f16.items()}
prefixed["lm_head.weight"] = f16["wte.weight"]
write_safetensors(os.path.join(OUT, "tiny-f16.safetensors"), prefixed)

with open(os.path.join(OUT, "config.json"), "w") as f:
    json.dump(config_json(), f, indent=1)

g = torch.Generator().manual_seed(7)
idx = torch.randint(cfg.vocab_size, (2, 12), generator=g)
targets = torch.randint(cfg.vocab_size, (2, 12), generator=g)
logits, loss = reference_logits(f32)
logits16, _ = reference_logits(f16)
with open(os.path.join(OUT, "golden.json"), "w") as f:
    json.dump({"note": "scripts/golden/make_gpt2_fixture.py", "idx": idx.tolist(), "targets": targets.tolist(),
               "logits": [round(v, 7) for v in logits.reshape(-1).tolist()], "loss": loss.item(),
               "logitsFloat16": [round(v, 7) for v in logits16.reshape(-1).tolist()]}, f)
print(f"wrote {OUT}: loss {loss.item():.6f}")
