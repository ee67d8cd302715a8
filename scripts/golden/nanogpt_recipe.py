"""nanoGPT's Shakespeare-char CPU recipe, run with our PyTorch reference GPT (gpt_reference.py), float32.

An A/B check for `npm run train -- --preset nanogpt-cpu`: the same data split, schedule, AdamW groups, clipping and
evaluation, and nanoGPT's random stream: after torch.manual_seed(seed) the initial weights are drawn as nanoGPT's
model construction draws them (nanogpt_init.py), the first batch is fetched before the first evaluation, and every
evaluation draws fresh batches from the same stream. With --gelu exact (nanoGPT's erf GELU) and seed 1337 this is
nanoGPT's own run: it prints REFERENCES.md's curve (4.1649 at 0, 2.0528 at 1000, 1.8857 at 2000) on 1 thread.
Run: /usr/bin/python3 scripts/golden/nanogpt_recipe.py [--seed 1337] [--gelu tanh|exact] [--iters 2000] [--json PATH]
With --json it also writes every step's training loss and every evaluation, unrounded, as JSON: the chapter's
precomputed PyTorch curve (src/chapters/training/nanogptTorchCurve.json, full run) and the engine's golden first steps
(tests/fixtures/nanogpt_first_steps.json, --iters 6 --eval-iters 2: cheap enough for a test) come from it. The schedule does not depend on --iters (warm-up
100, decay over 2000, as the recipe), so a short run's steps are the full run's first steps.
"""
import json
import argparse
import math
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).parent))
import gpt_reference as ref  # noqa: E402
from nanogpt_init import nanogpt_weights  # noqa: E402

torch.set_default_dtype(torch.float32)

p = argparse.ArgumentParser()
p.add_argument("--seed", type=int, default=1337)
p.add_argument("--gelu", choices=["tanh", "exact"], default="tanh")
p.add_argument("--iters", type=int, default=2000)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--eval-iters", type=int, default=20, help="batches per evaluation (nanoGPT's recipe: 20)")
p.add_argument("--json", help="also write the step losses and evaluations here")
a = p.parse_args()
torch.set_num_threads(a.threads)

text = (Path(__file__).parents[2] / "public/data/tinyshakespeare.txt").read_text(encoding="utf-8")
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
n = int(0.9 * len(data))
splits = {"train": data[:n], "val": data[n:]}
B, T = 12, 64

cfg = ref.GPTConfig(vocab_size=len(chars), block_size=T, n_layer=4, n_head=4, n_embd=128, bias=False,
                    activation="gelu" if a.gelu == "exact" else "gelu_tanh")
model = ref.GPT(cfg)  # built before seeding: its own construction must not move nanoGPT's stream
torch.manual_seed(a.seed)
model.load_state_dict(nanogpt_weights(len(chars), T, 4, 128, False))
opt = torch.optim.AdamW(model.param_groups(0.1), lr=1e-3, betas=(0.9, 0.99), eps=1e-8)


def batch(split):
    d = splits[split]
    ix = torch.randint(len(d) - T, (B,))
    return torch.stack([d[i:i + T] for i in ix]), torch.stack([d[i + 1:i + 1 + T] for i in ix])


def lr_at(it, warmup=100, decay=2000, lr=1e-3, min_lr=1e-4):
    if it < warmup:
        return lr * (it + 1) / (warmup + 1)
    if it > decay:
        return min_lr
    return min_lr + 0.5 * (1 + math.cos(math.pi * (it - warmup) / (decay - warmup))) * (lr - min_lr)


@torch.no_grad()
def estimate(iters=a.eval_iters, splits=("train", "val")):
    return {s: sum(model(*batch(s))[1].item() for _ in range(iters)) / iters for s in splits}


start = time.time()
log = dict(steps=[], evals=[])
x, y = batch("train")  # nanoGPT fetches the next batch before it evaluates
for it in range(a.iters + 1):
    if it % 250 == 0 or it == a.iters:
        e = estimate()
        log["evals"].append(dict(iter=it, train=e["train"], val=e["val"]))
        print(f"step {it}: train loss {e['train']:.4f}, val loss {e['val']:.4f}, {time.time() - start:.1f} s", flush=True)
    if it == a.iters:
        break
    for g in opt.param_groups:
        g["lr"] = lr_at(it)
    _, loss = model(x, y)
    log["steps"].append(loss.item())
    x, y = batch("train")
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
final = estimate(200, ('val',))['val']
print(f"final: val loss {final:.4f} over 200 batches (seed {a.seed}, gelu {a.gelu})")
if a.json:
    Path(a.json).write_text(json.dumps(dict(
        note=f"Written by /usr/bin/python3 scripts/golden/nanogpt_recipe.py --seed {a.seed} --gelu {a.gelu} --iters {a.iters} --eval-iters {a.eval_iters} "
             f"--json {a.json} with PyTorch {torch.__version__}, {a.threads} thread(s), float32",
        seed=a.seed, gelu=a.gelu, iters=a.iters, batchSize=B, blockSize=T, evalIters=a.eval_iters, finalVal200=final,
        seconds=round(time.time() - start, 1), **log)) + "\n")
    print(f"wrote {a.json}")
