"""A small, readable GPT in PyTorch, used only to produce golden test fixtures.

Architecture follows nanoGPT's model.py (GPT-2 style, pre-LayerNorm), written
from scratch for this project. Differences / choices that matter for matching:

  * GELU is chosen by config.activation: "gelu" is the exact erf form x * Phi(x),
    torch's F.gelu (nanoGPT's nn.GELU()); "gelu_tanh" is GPT-2's tanh approximation,
    written out explicitly:
        gelu_tanh(x) = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
  * The output projection (lm_head) is tied to the token embedding: logits are
    x @ wte.weight^T and there is no separate lm_head parameter.
  * Dropout is always 0 and is therefore omitted entirely.
  * Parameter names are the short state_dict names, e.g. "wte.weight",
    "h.0.attn.c_attn.weight" (no "transformer." prefix). Linear weights are in
    PyTorch's (out_features, in_features) layout: y = x @ W^T + b.

Everything is meant to be run in float64 (see set_default_dtype below).
"""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

LAYER_NORM_EPS = 1e-5


@dataclass
class GPTConfig:
    vocab_size: int = 32
    block_size: int = 8
    n_layer: int = 2
    n_head: int = 2
    n_embd: int = 16
    bias: bool = True
    dropout: float = 0.0  # only 0 is supported
    activation: str = "gelu"  # "gelu" (exact, nn.GELU()) or "gelu_tanh" (GPT-2)


def gelu_tanh(x):
    """GELU, tanh approximation (GPT-2)."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


class LayerNorm(nn.Module):
    """LayerNorm over the last dim, with an optional bias, eps = 1e-5."""

    def __init__(self, ndim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, LAYER_NORM_EPS)


class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        # one Linear producing q, k, v (in that order) for all heads
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)

    def forward(self, x):
        B, T, C = x.shape
        hs = C // self.n_head
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        # (B, T, C) -> (B, nh, T, hs); head h uses channels [h*hs, (h+1)*hs)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)

        scores = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # (B, nh, T, T)
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
        scores = scores.masked_fill(~causal, float("-inf"))
        att = F.softmax(scores, dim=-1)
        y = att @ v  # (B, nh, T, hs)

        y = y.transpose(1, 2).contiguous().view(B, T, C)  # concatenate heads
        return self.c_proj(y)


def activation_fn(name):
    assert name in ("gelu", "gelu_tanh"), name
    return F.gelu if name == "gelu" else gelu_tanh


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.act = activation_fn(config.activation)
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)

    def forward(self, x):
        return self.c_proj(self.act(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.dropout == 0.0
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)
        self.wpe = nn.Embedding(config.block_size, config.n_embd)
        self.h = nn.ModuleList([Block(config) for _ in range(config.n_layer)])
        self.ln_f = LayerNorm(config.n_embd, bias=config.bias)
        # lm_head is tied to wte: see forward(); no separate parameter.

    def init_weights(self, perturb=True):
        """nanoGPT-style init, then (optionally) perturb LayerNorms and biases.

        Draws from the global torch RNG; seed it before calling.
        """
        std_proj = 0.02 / math.sqrt(2 * self.config.n_layer)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("c_proj.weight"):
                    p.normal_(0.0, std_proj)
                elif p.dim() >= 2:  # Linear weights, wte, wpe
                    p.normal_(0.0, 0.02)
                elif ".ln_" in name or name.startswith("ln_"):
                    p.fill_(1.0 if name.endswith("weight") else 0.0)
                else:  # Linear biases
                    p.zero_()
            if perturb:
                # make LayerNorm weights/biases and Linear biases non-trivial
                for name, p in self.named_parameters():
                    is_ln = ".ln_" in name or name.startswith("ln_")
                    if is_ln and name.endswith("weight"):
                        p.copy_(1.0 + 0.1 * torch.randn_like(p))
                    elif name.endswith("bias"):
                        p.copy_(0.02 * torch.randn_like(p))

    def forward(self, idx, targets=None):
        B, T = idx.shape
        assert T <= self.config.block_size
        pos = torch.arange(T)
        x = self.wte(idx) + self.wpe(pos)  # (B, T, C)
        for block in self.h:
            x = block(x)
        x = self.ln_f(x)
        logits = x @ self.wte.weight.t()  # tied lm_head, (B, T, V)
        loss = None
        if targets is not None:
            # mean over positions whose target != -1
            loss = F.cross_entropy(
                logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1
            )
        return logits, loss

    def param_groups(self, weight_decay):
        """Two AdamW groups like nanoGPT's configure_optimizers:
        decay for params with ndim >= 2, no decay for biases / LayerNorm."""
        params = dict(self.named_parameters())
        decay = [p for p in params.values() if p.dim() >= 2]
        no_decay = [p for p in params.values() if p.dim() < 2]
        return [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ]
