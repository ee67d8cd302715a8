"""PyTorch's side of `npm run bench`: the same figures as our engine, measured in the same run on this machine.

The model is our PyTorch reference GPT (scripts/golden/gpt_reference.py, nanoGPT's architecture) in the nanoGPT CPU
recipe's shape (4 layers, 4 heads, 128 wide, context 64, vocabulary 65, no bias, exact GELU), float32:
- train_step_nanogpt_cpu: forward + backward + global-norm clip (1.0) + AdamW on a 12x64 batch, loss read back;
- next_token_ctx64: logits of the token after a 64-token context, batch 1, no cache, under no_grad;
- gemm_nn_<n>: torch.mm of two n x n float32 matrices, in GFLOP/s.
Timing follows scripts/bench/timing.ts: warm-up calls, then timed calls until both min_runs and min_ms are reached.
One JSON line per figure on stdout, in the bench's format; notes on stderr. The caller (torchBench.ts) sets
OPENBLAS_CORETYPE before this process starts, because OpenBLAS reads it when torch loads.
Run: /usr/bin/python3 scripts/bench/torch_bench.py --threads 1 [--quick] [--stat median|best]
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).parents[1] / "golden"))
import gpt_reference as ref  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--quick", action="store_true")
p.add_argument("--stat", choices=["median", "best"], default="median")
p.add_argument("--only", default="gemm,train,next")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1337)
torch.set_default_dtype(torch.float32)

VOCAB, B, T = 65, 12, 64
# (warm-up calls, minimum timed ms, minimum runs, maximum runs), as planFor() in run.ts.
PLAN = {
    "train": (1, 0, 2, 2) if a.quick else (2, 1500, 5, 40),
    "next": (2, 60, 3, 100) if a.quick else (3, 300, 10, 2000),
}


def time_calls(fn, plan):
    warmup, min_ms, min_runs, max_runs = plan
    for _ in range(warmup):
        fn()
    times = []
    started = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or (time.perf_counter() - started) * 1000 < min_ms):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times) if a.stat == "best" else statistics.median(times)


def emit(figure, value):
    print(json.dumps({"figure": figure, "backend": "pytorch", "threads": a.threads, "value": value, "unit": "ms"}), flush=True)


cfg = ref.GPTConfig(vocab_size=VOCAB, block_size=T, n_layer=4, n_head=4, n_embd=128, bias=False, activation="gelu")
model = ref.GPT(cfg)
model.init_weights(perturb=False)
only = set(a.only.split(","))

if "train" in only:
    opt = torch.optim.AdamW(model.param_groups(0.1), lr=1e-3, betas=(0.9, 0.99), eps=1e-8)
    x = torch.randint(VOCAB, (B, T))
    y = torch.randint(VOCAB, (B, T))

    def train_step():
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()

    emit("train_step_nanogpt_cpu", time_calls(train_step, PLAN["train"]))

if "next" in only:
    context = torch.randint(VOCAB, (1, T))

    @torch.no_grad()
    def next_token():
        logits, _ = model(context)
        logits[0, -1].tolist()

    emit("next_token_ctx64", time_calls(next_token, PLAN["next"]))

if "gemm" in only:
    for n in ([64, 256] if a.quick else [64, 128, 256, 512]):
        x, w = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
        ms = time_calls(lambda: torch.mm(x, w), PLAN["next"])
        print(json.dumps({"figure": f"gemm_nn_{n}", "backend": "pytorch", "threads": a.threads,
                          "value": 2 * n ** 3 / ms / 1e6, "unit": "GFLOP/s"}), flush=True)


def blas_library():
    """The BLAS this process really loaded (Debian's torch calls whatever libblas.so.3 points to)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
    return ", ".join(sorted(paths)) or "none found"


print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread(s), BLAS: {blas_library()}", file=sys.stderr)
