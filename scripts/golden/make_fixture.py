"""Generate golden fixtures for the TypeScript GPT engine.

Writes (relative to the repo root):
  tests/fixtures/gpt_golden.json  -- full model: params, logits, loss, grads, 5 AdamW steps
  tests/fixtures/ops_golden.json  -- individual ops on small fixed inputs

Run:  /usr/bin/python3 scripts/golden/make_fixture.py
Needs Debian's python3-torch (torch 1.13). Everything is float64 and seeded,
so reruns produce identical files on the same torch/BLAS build.

Before writing anything the script verifies the reference model:
  (a) torch.autograd.gradcheck of the loss w.r.t. all params on a tiny config;
  (b) logits/loss equal an independent re-computation with einsum attention;
  (c) a hand-written AdamW + clipping loop equals torch.optim.AdamW + clip_grad_norm_.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch.nn.utils.stateless import functional_call

sys.dont_write_bytecode = True  # keep __pycache__ out of the working tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt_reference import GPT, GPTConfig, LAYER_NORM_EPS, gelu_tanh  # noqa: E402

torch.set_default_dtype(torch.float64)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO, "tests", "fixtures")

ADAMW = {"lr": 1e-2, "betas": [0.9, 0.99], "eps": 1e-8, "weight_decay": 0.1}
N_STEPS = 5
CLIP_EPS = 1e-6  # torch.nn.utils.clip_grad_norm_ adds this to the norm
SAMPLE_PARAMS = [
    "wte.weight",
    "wpe.weight",
    "h.0.ln_1.weight",
    "h.0.attn.c_attn.weight",
    "h.0.attn.c_attn.bias",
    "h.1.mlp.c_proj.weight",
    "h.1.mlp.c_fc.bias",
    "ln_f.weight",
    "ln_f.bias",
]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tensor_entry(t):
    return {"shape": list(t.shape), "data": flat(t)}


# ---------------------------------------------------------------------------
# Independent re-computation (check (b)): plain tensors, einsum attention,
# hand-written LayerNorm / softmax / cross-entropy.
# ---------------------------------------------------------------------------

def einsum_forward(P, cfg, idx, targets):
    def lin(x, name):
        y = torch.einsum("btc,oc->bto", x, P[name + ".weight"])
        if cfg.bias:
            y = y + P[name + ".bias"]
        return y

    def ln(x, name):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)  # biased variance
        y = (x - mu) / torch.sqrt(var + LAYER_NORM_EPS) * P[name + ".weight"]
        if cfg.bias:
            y = y + P[name + ".bias"]
        return y

    B, T = idx.shape
    C, nh = cfg.n_embd, cfg.n_head
    hs = C // nh
    x = P["wte.weight"][idx] + P["wpe.weight"][:T]
    mask = torch.ones(T, T).tril()
    for l in range(cfg.n_layer):
        pre = f"h.{l}."
        qkv = lin(ln(x, pre + "ln_1"), pre + "attn.c_attn")
        q = qkv[..., :C].reshape(B, T, nh, hs)
        k = qkv[..., C:2 * C].reshape(B, T, nh, hs)
        v = qkv[..., 2 * C:].reshape(B, T, nh, hs)
        s = torch.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(hs)
        s = s.masked_fill(mask == 0, float("-inf"))
        s = s - s.max(-1, keepdim=True).values
        a = s.exp() / s.exp().sum(-1, keepdim=True)
        y = torch.einsum("bhqk,bkhd->bqhd", a, v).reshape(B, T, C)
        x = x + lin(y, pre + "attn.c_proj")
        hmid = lin(ln(x, pre + "ln_2"), pre + "mlp.c_fc")
        hmid = F.gelu(hmid, approximate="tanh" if cfg.activation == "gelu_tanh" else "none")
        x = x + lin(hmid, pre + "mlp.c_proj")
    x = ln(x, "ln_f")
    logits = torch.einsum("btc,vc->btv", x, P["wte.weight"])
    lse = torch.logsumexp(logits, -1)
    tgt = targets.clamp(min=0)
    nll = lse - logits.gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
    keep = targets != -1
    loss = nll[keep].sum() / keep.sum()
    return logits, loss


# ---------------------------------------------------------------------------
# Hand-written AdamW (check (c)); this is the rule the TS engine must follow.
# ---------------------------------------------------------------------------

def manual_adamw_run(model, idx, targets, grad_clip):
    params = {n: p.detach().clone() for n, p in model.named_parameters()}
    m = {n: torch.zeros_like(p) for n, p in params.items()}
    v = {n: torch.zeros_like(p) for n, p in params.items()}
    lr, (b1, b2), eps, wd = ADAMW["lr"], ADAMW["betas"], ADAMW["eps"], ADAMW["weight_decay"]
    losses, norms = [], []
    for t in range(1, N_STEPS + 1):
        leaves = {n: p.clone().requires_grad_(True) for n, p in params.items()}
        _, loss = functional_call(model, leaves, (idx, targets))
        grads = dict(zip(leaves, torch.autograd.grad(loss, list(leaves.values()))))
        norm = torch.sqrt(sum((g ** 2).sum() for g in grads.values()))
        losses.append(loss.item())
        norms.append(norm.item())
        if grad_clip is not None:
            coef = grad_clip / (norm + CLIP_EPS)
            if coef < 1:
                grads = {n: g * coef for n, g in grads.items()}
        for n, p in params.items():
            g = grads[n]
            if p.dim() >= 2:
                p.mul_(1 - lr * wd)
            m[n] = b1 * m[n] + (1 - b1) * g
            v[n] = b2 * v[n] + (1 - b2) * g * g
            step_size = lr / (1 - b1 ** t)
            denom = v[n].sqrt() / math.sqrt(1 - b2 ** t) + eps
            p.sub_(step_size * m[n] / denom)
    _, final = functional_call(model, params, (idx, targets))
    return losses, norms, final.item(), params


def torch_adamw_run(model, idx, targets, grad_clip):
    opt = torch.optim.AdamW(
        model.param_groups(ADAMW["weight_decay"]),
        lr=ADAMW["lr"], betas=tuple(ADAMW["betas"]), eps=ADAMW["eps"], foreach=False,
    )
    losses, norms = [], []
    for _ in range(N_STEPS):
        opt.zero_grad(set_to_none=True)
        _, loss = model(idx, targets)
        loss.backward()
        if grad_clip is not None:
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        else:
            norm = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
        losses.append(loss.item())
        norms.append(float(norm))
        opt.step()
    with torch.no_grad():
        _, final = model(idx, targets)
    return losses, norms, final.item()


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def check_gradcheck():
    torch.manual_seed(123)
    for bias in (True, False):
        cfg = GPTConfig(vocab_size=7, block_size=4, n_layer=1, n_head=2, n_embd=4, bias=bias,
                        activation="gelu" if bias else "gelu_tanh")
        model = GPT(cfg)
        model.init_weights()
        names = [n for n, _ in model.named_parameters()]
        leaves = tuple(p.detach().clone().requires_grad_(True) for _, p in model.named_parameters())
        idx = torch.randint(0, cfg.vocab_size, (2, 3))
        targets = torch.randint(0, cfg.vocab_size, (2, 3))
        targets[0, 1] = -1

        def f(*ps):
            return functional_call(model, dict(zip(names, ps)), (idx, targets))[1]

        assert torch.autograd.gradcheck(f, leaves, eps=1e-6, atol=1e-7, rtol=1e-5)
    print("check (a) gradcheck: ok")


def check_against_einsum(model, cfg, idx, targets, logits, loss):
    P = {n: p.detach() for n, p in model.named_parameters()}
    ref_logits, ref_loss = einsum_forward(P, cfg, idx, targets)
    dl = (ref_logits - logits).abs().max().item()
    dL = abs(ref_loss.item() - loss.item())
    assert dl < 1e-12 and dL < 1e-12, (dl, dL)
    # the explicit tanh GELU equals torch's; exact GELU is x * Phi(x) with Phi from erf
    x = torch.linspace(-6, 6, 101)
    assert (F.gelu(x) - x * 0.5 * (1 + torch.erf(x / math.sqrt(2)))).abs().max() < 1e-15
    assert (gelu_tanh(x) - F.gelu(x, approximate="tanh")).abs().max() < 1e-15
    print(f"check (b) einsum re-computation: max|dlogits|={dl:.1e} |dloss|={dL:.1e}")


# ---------------------------------------------------------------------------
# GPT fixture
# ---------------------------------------------------------------------------

def make_case(name, cfg, B, T, grad_clip, seed):
    torch.manual_seed(seed)
    model = GPT(cfg)
    model.init_weights()
    idx = torch.randint(0, cfg.vocab_size, (B, T))
    targets = torch.randint(0, cfg.vocab_size, (B, T))
    targets[0, 2] = -1
    targets[1, T - 1] = -1

    init_state = {n: p.detach().clone() for n, p in model.named_parameters()}
    logits, loss = model(idx, targets)
    model.zero_grad(set_to_none=True)
    loss.backward()
    grads = {n: p.grad.detach().clone() for n, p in model.named_parameters()}
    check_against_einsum(model, cfg, idx, targets, logits, loss)

    # hand-written AdamW (the documented rule) vs torch.optim.AdamW
    m_losses, m_norms, m_final, m_params = manual_adamw_run(model, idx, targets, grad_clip)
    t_losses, t_norms, t_final = torch_adamw_run(model, idx, targets, grad_clip)
    for a, b in zip(m_losses + m_norms + [m_final], t_losses + t_norms + [t_final]):
        assert abs(a - b) < 1e-12, (a, b)
    for n, p in model.named_parameters():
        assert (p.detach() - m_params[n]).abs().max() < 1e-12, n
    assert abs(t_losses[0] - loss.item()) < 1e-15
    if grad_clip is not None:
        assert all(nrm > grad_clip for nrm in t_norms), "clip must be active on every step"
    print(f"check (c) [{name}] manual AdamW == torch.optim.AdamW; losses={t_losses} final={t_final}")

    final = dict(model.named_parameters())
    return {
        "name": name,
        "config": {
            "vocab_size": cfg.vocab_size, "block_size": cfg.block_size,
            "n_layer": cfg.n_layer, "n_head": cfg.n_head, "n_embd": cfg.n_embd,
            "bias": cfg.bias, "dropout": 0, "activation": cfg.activation,
        },
        "param_order": list(init_state.keys()),
        "params": {n: tensor_entry(p) for n, p in init_state.items()},
        "idx": idx.tolist(),
        "targets": targets.tolist(),
        "logits_shape": list(logits.shape),
        "logits": flat(logits),
        "loss": loss.item(),
        "grads": {n: flat(g) for n, g in grads.items()},
        "adamw": {
            **ADAMW,
            "grad_clip": grad_clip,
            "decay_rule": "weight decay on params with ndim >= 2 (Linear weights, wte, wpe); "
                          "none on biases and LayerNorm",
            "update_rule": "torch.optim.AdamW (foreach=False), per step t=1..: "
                           "if decay: p -= lr*wd*p; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; "
                           "p -= (lr/(1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)",
            "clip_rule": "torch.nn.utils.clip_grad_norm_: norm = sqrt(sum over all params of g^2); "
                         "coef = grad_clip/(norm + 1e-6); if coef < 1: g *= coef",
            "losses": t_losses,
            "grad_norms": t_norms,
            "final_loss": t_final,
            "final_params_sample": {
                n: flat(final[n])[:8] for n in SAMPLE_PARAMS if n in final
            },
        },
    }


# ---------------------------------------------------------------------------
# Ops fixture
# ---------------------------------------------------------------------------

def make_ops():
    g = torch.Generator().manual_seed(7)

    def rnd(*shape, scale=1.0):
        return torch.randn(*shape, generator=g) * scale

    ops = []

    x = rnd(3, 5, scale=2.0)
    x[2] += 50.0  # large values: needs max-subtraction for stability
    ops.append({"op": "softmax", "dim": -1, "inputs": {"x": tensor_entry(x)},
                "outputs": {"y": tensor_entry(F.softmax(x, dim=-1))}})
    ops.append({"op": "log_softmax", "dim": -1, "inputs": {"x": tensor_entry(x)},
                "outputs": {"y": tensor_entry(F.log_softmax(x, dim=-1))}})

    x = rnd(3, 6, scale=3.0).requires_grad_(True)
    w = (1.0 + 0.3 * rnd(6)).requires_grad_(True)
    b = (0.2 * rnd(6)).requires_grad_(True)
    y = F.layer_norm(x, (6,), w, b, LAYER_NORM_EPS)
    dy = rnd(3, 6)
    dx, dw, db = torch.autograd.grad(y, (x, w, b), dy)
    ops.append({"op": "layer_norm", "eps": LAYER_NORM_EPS,
                "note": "normalized over the last dim, biased variance; dx/dweight/dbias are "
                        "vector-Jacobian products with upstream gradient dy",
                "inputs": {"x": tensor_entry(x), "weight": tensor_entry(w),
                           "bias": tensor_entry(b), "dy": tensor_entry(dy)},
                "outputs": {"y": tensor_entry(y), "dx": tensor_entry(dx),
                            "dweight": tensor_entry(dw), "dbias": tensor_entry(db)}})

    x = torch.tensor([-6.0, -3.0, -1.5, -0.5, -1e-3, 0.0, 1e-3, 0.3, 1.0, 2.0, 4.0, 8.0],
                     requires_grad=True)
    y = gelu_tanh(x)
    (dydx,) = torch.autograd.grad(y.sum(), x)
    ops.append({"op": "gelu_tanh",
                "note": "y = 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3))); dydx is the elementwise derivative",
                "inputs": {"x": tensor_entry(x)},
                "outputs": {"y": tensor_entry(y), "dydx": tensor_entry(dydx)}})

    x = torch.tensor([-12.0, -6.0, -3.0, -1.5, -0.7518, -0.5, -1e-3, 0.0, 1e-3, 0.3, 1.0, 2.0, 4.0, 8.0],
                     requires_grad=True)
    y = F.gelu(x)
    (dydx,) = torch.autograd.grad(y.sum(), x)
    ops.append({"op": "gelu",
                "note": "exact GELU, y = x * Phi(x) = 0.5x(1+erf(x/sqrt(2))) (torch.nn.functional.gelu); "
                        "dydx is the elementwise derivative",
                "inputs": {"x": tensor_entry(x)},
                "outputs": {"y": tensor_entry(y), "dydx": tensor_entry(dydx)}})

    logits = rnd(6, 5, scale=2.0).requires_grad_(True)
    targets = torch.tensor([3, -1, 0, 4, -1, 1])
    loss = F.cross_entropy(logits, targets, ignore_index=-1)
    (dlogits,) = torch.autograd.grad(loss, logits)
    ops.append({"op": "cross_entropy", "ignore_index": -1,
                "note": "mean over rows with target != -1; dlogits = d loss / d logits",
                "inputs": {"logits": tensor_entry(logits), "targets": targets.tolist()},
                "outputs": {"loss": loss.item(), "dlogits": tensor_entry(dlogits)}})

    a = rnd(2, 3, 4)
    bm = rnd(2, 4, 5)
    at = rnd(2, 4, 3)   # used transposed: at^T is (2,3,4)
    bt = rnd(2, 5, 4)   # used transposed: bt^T is (2,4,5)
    ops.append({"op": "bmm",
                "note": "batched matmul over the leading dim; ^T swaps the last two dims",
                "inputs": {"a": tensor_entry(a), "b": tensor_entry(bm),
                           "at": tensor_entry(at), "bt": tensor_entry(bt)},
                "outputs": {"a_b": tensor_entry(a @ bm),
                            "atT_b": tensor_entry(at.transpose(1, 2) @ bm),
                            "a_btT": tensor_entry(a @ bt.transpose(1, 2)),
                            "atT_btT": tensor_entry(at.transpose(1, 2) @ bt.transpose(1, 2))}})

    return {"dtype": "float64", "torch_version": torch.__version__,
            "layout": "every tensor is {shape, data} with data flat in row-major order",
            "ops": ops}


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, REPO)} ({os.path.getsize(path)} bytes)")


def main():
    check_gradcheck()
    base = dict(vocab_size=32, block_size=8, n_layer=2, n_head=2, n_embd=16)
    cases = [
        make_case("bias", GPTConfig(**base, bias=True, activation="gelu_tanh"), B=2, T=8, grad_clip=None, seed=1337),
        make_case("nobias_clip", GPTConfig(**base, bias=False, activation="gelu_tanh"), B=2, T=7, grad_clip=0.05,
                  seed=42),
        make_case("exact_gelu", GPTConfig(**base, bias=True, activation="gelu"), B=2, T=8, grad_clip=None, seed=7),
    ]
    os.makedirs(OUT_DIR, exist_ok=True)
    write_json(os.path.join(OUT_DIR, "gpt_golden.json"), {
        "description": "Golden values from scripts/golden/gpt_reference.py (float64). "
                       "See scripts/golden/README.md.",
        "dtype": "float64",
        "torch_version": torch.__version__,
        "gelu": "per case: config.activation 'gelu' (exact, x*Phi(x)) or 'gelu_tanh' (GPT-2's tanh approximation)",
        "layer_norm_eps": LAYER_NORM_EPS,
        "lm_head": "tied to wte.weight (logits = x @ wte.weight^T)",
        "cases": cases,
    })
    write_json(os.path.join(OUT_DIR, "ops_golden.json"), make_ops())


if __name__ == "__main__":
    main()
