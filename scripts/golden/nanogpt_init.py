"""nanoGPT's model construction, for its random stream: the module tree built in nanoGPT's order (wte, wpe, blocks
with ln_1 / attn.c_attn / attn.c_proj / ln_2 / mlp.c_fc / mlp.c_proj, ln_f, a tied lm_head) and initialised the way
nanoGPT's GPT.__init__ does, so that after torch.manual_seed(s) it draws exactly the weights nanoGPT draws and leaves
the generator where nanoGPT leaves it. Only construction lives here; gpt_reference.py has the forward pass.
"""
import math

import torch
import torch.nn as nn


class LayerNormParams(nn.Module):
    def __init__(self, n, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n)) if bias else None


class Block(nn.Module):
    def __init__(self, C, bias):
        super().__init__()
        self.ln_1 = LayerNormParams(C, bias)
        self.attn = nn.Module()
        self.attn.c_attn = nn.Linear(C, 3 * C, bias=bias)
        self.attn.c_proj = nn.Linear(C, C, bias=bias)
        self.ln_2 = LayerNormParams(C, bias)
        self.mlp = nn.Module()
        self.mlp.c_fc = nn.Linear(C, 4 * C, bias=bias)
        self.mlp.c_proj = nn.Linear(4 * C, C, bias=bias)


class NanoGPTShape(nn.Module):
    def __init__(self, V, T, L, C, bias):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(V, C), wpe=nn.Embedding(T, C),
            h=nn.ModuleList([Block(C, bias) for _ in range(L)]), ln_f=LayerNormParams(C, bias)))
        self.lm_head = nn.Linear(C, V, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * L))

    @staticmethod
    def _init_weights(m):
        if isinstance(m, nn.Linear):
            torch.nn.init.normal_(m.weight, mean=0.0, std=0.02)
            if m.bias is not None:
                torch.nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            torch.nn.init.normal_(m.weight, mean=0.0, std=0.02)


def nanogpt_weights(V, T, L, C, bias):
    """The initial weights nanoGPT draws from the global generator, by gpt_reference's names (no "transformer.")."""
    model = NanoGPTShape(V, T, L, C, bias)
    return {name.removeprefix("transformer."): p.detach().clone() for name, p in model.named_parameters()}
