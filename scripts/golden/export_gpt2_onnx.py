"""Exports our PyTorch reference GPT-2 to ONNX, with a KV cache, for the onnxruntime-web peer in `npm run bench`.

One graph serves both phases of generation, as the decoders transformers.js runs do:
  inputs   input_ids (1, T) int64, and per layer i past_key_values.i.key / .value (1, n_head, P, head_size)
  outputs  logits (1, T, vocab) -- or (1, 1, vocab), the last position only, with --last-only --
           and per layer present.i.key / .value (1, n_head, P + T, head_size)
The prompt runs with P = 0 (empty past tensors) and fills the cache; each next token runs with T = 1.
Positions are P .. P+T-1, and query i sees keys 0 .. P+i (the causal mask shifted by the past).
The weights are the reference's (scripts/golden/gpt_reference.py: tanh GELU, tied head), so the peer and our
engine race on the same model; the cached forward below reuses its modules and adds only the cache.

Run (Debian's python3-torch; torch.onnx needs no extra package):
  /usr/bin/python3 scripts/golden/export_gpt2_onnx.py --from tests/fixtures/gpt2/tiny.safetensors OUT.onnx
      the tiny fixture (its config.json beside it), all positions' logits (the unit test's equality check)
  /usr/bin/python3 scripts/golden/export_gpt2_onnx.py --full OUT.onnx [--last-only]
      GPT-2 124M's shapes with random weights (seeded as make_gpt2_fixture.py --full), about 500 MB (the bench)
Nothing it writes is committed.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt_reference import GPT, GPTConfig  # noqa: E402

CONV1D = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
SAFETENSORS_DTYPES = {"F32": torch.float32, "F16": torch.float16}


def read_safetensors(path):
    """name -> float32 tensor, from a safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    with open(path, "rb") as f:
        blob = f.read()
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + size])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        data = bytearray(blob[8 + size + start:8 + size + end])
        t = torch.frombuffer(data, dtype=SAFETENSORS_DTYPES[info["dtype"]]) if data else torch.zeros(0)
        out[name] = t.reshape(info["shape"]).to(torch.float32)
    return out


def load_reference(path):
    """The reference GPT holding a Hugging Face GPT-2 file's weights (Conv1D transposed back, mask buffers dropped)."""
    with open(os.path.join(os.path.dirname(path), "config.json")) as f:
        c = json.load(f)
    cfg = GPTConfig(vocab_size=c["vocab_size"], block_size=c["n_positions"], n_layer=c["n_layer"], n_head=c["n_head"],
                    n_embd=c["n_embd"], bias=True, activation="gelu_tanh")
    state = {}
    for name, t in read_safetensors(path).items():
        name = name.removeprefix("transformer.")
        if name == "lm_head.weight" or name.endswith((".attn.bias", ".attn.masked_bias")):
            continue  # the tied head and GPT-2's causal-mask buffers
        state[name] = t.t().contiguous() if name.endswith(CONV1D) else t
    model = GPT(cfg)
    model.load_state_dict(state)
    return model


def full_random():
    """GPT-2 124M's shapes with the seeded random weights make_gpt2_fixture.py --full writes."""
    cfg = GPTConfig(vocab_size=50257, block_size=1024, n_layer=12, n_head=12, n_embd=768, bias=True, activation="gelu_tanh")
    torch.manual_seed(2026)
    model = GPT(cfg)
    model.init_weights(perturb=True)
    return model


class CachedGPT(torch.nn.Module):
    """The reference's forward with a KV cache: same modules, same arithmetic, keys and values kept per layer."""

    def __init__(self, ref, last_only):
        super().__init__()
        self.ref = ref
        self.last_only = last_only

    def forward(self, input_ids, *past):
        ref, cfg = self.ref, self.ref.config
        T = input_ids.shape[1]
        P = past[0].shape[2]
        nh, hs = cfg.n_head, cfg.n_embd // cfg.n_head
        x = ref.wte(input_ids) + ref.wpe(torch.arange(T) + P)
        # query i (at position P+i) may see key j when j <= P+i
        allowed = torch.arange(P + T).unsqueeze(0) <= (torch.arange(T) + P).unsqueeze(1)
        presents = []
        for i, block in enumerate(ref.h):
            a = block.attn
            q, k, v = a.c_attn(block.ln_1(x)).split(cfg.n_embd, dim=2)
            q = q.view(1, T, nh, hs).transpose(1, 2)
            k = torch.cat([past[2 * i], k.view(1, T, nh, hs).transpose(1, 2)], dim=2)
            v = torch.cat([past[2 * i + 1], v.view(1, T, nh, hs).transpose(1, 2)], dim=2)
            presents += [k, v]
            scores = (q @ k.transpose(-2, -1)) / math.sqrt(hs)
            att = F.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
            x = x + a.c_proj((att @ v).transpose(1, 2).reshape(1, T, cfg.n_embd))
            x = x + block.mlp(block.ln_2(x))
        x = ref.ln_f(x)
        if self.last_only:
            x = x[:, -1:, :]
        return (x @ ref.wte.weight.t(), *presents)


def export(model, out, last_only):
    cfg = model.config
    model.eval()
    hs = cfg.n_embd // cfg.n_head
    # traced with a past of 3 and 2 new tokens; every length is a dynamic axis
    ids = torch.zeros(1, 2, dtype=torch.long)
    past = [torch.zeros(1, cfg.n_head, 3, hs) for _ in range(2 * cfg.n_layer)]
    past_names, present_names = [], []
    for i in range(cfg.n_layer):
        past_names += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        present_names += [f"present.{i}.key", f"present.{i}.value"]
    axes = {"input_ids": {1: "sequence"}, "logits": {1: "sequence"}}
    axes.update({n: {2: "past"} for n in past_names})
    axes.update({n: {2: "total"} for n in present_names})
    with torch.no_grad():
        torch.onnx.export(CachedGPT(model, last_only), (ids, *past), out, input_names=["input_ids", *past_names],
                          output_names=["logits", *present_names], dynamic_axes=axes, opset_version=14)


if __name__ == "__main__":
    args = sys.argv[1:]
    last_only = "--last-only" in args
    args = [a for a in args if a != "--last-only"]
    torch.set_default_dtype(torch.float32)
    if len(args) == 3 and args[0] == "--from":
        model, out = load_reference(args[1]), args[2]
    elif len(args) == 2 and args[0] == "--full":
        model, out = full_random(), args[1]
    else:
        sys.exit(__doc__)
    export(model, out, last_only)
    print(f"wrote {out}")
