"""Fixture for src/engine/util/torchGenerator.ts and src/engine/model/nanogptInit.ts: what PyTorch's CPU generator
draws after torch.manual_seed, and the weights nanoGPT's model construction ends up with.

The module tree below is built in nanoGPT's order (wte, wpe, blocks with ln_1 / attn.c_attn / attn.c_proj / ln_2 /
mlp.c_fc / mlp.c_proj, ln_f, a tied lm_head), then initialised the way nanoGPT's GPT.__init__ does, so the random
stream is consumed exactly as nanoGPT consumes it. Only construction is needed here; no forward pass.
Run: /usr/bin/python3 scripts/golden/make_torch_stream_fixture.py  (writes tests/fixtures/torch_stream.json)
"""
import json
import math
from pathlib import Path

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float32)


class NoBiasLayerNorm(nn.Module):
    def __init__(self, n, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n)) if bias else None


class Block(nn.Module):
    def __init__(self, C, bias):
        super().__init__()
        self.ln_1 = NoBiasLayerNorm(C, bias)
        self.attn = nn.Module()
        self.attn.c_attn = nn.Linear(C, 3 * C, bias=bias)
        self.attn.c_proj = nn.Linear(C, C, bias=bias)
        self.ln_2 = NoBiasLayerNorm(C, bias)
        self.mlp = nn.Module()
        self.mlp.c_fc = nn.Linear(C, 4 * C, bias=bias)
        self.mlp.c_proj = nn.Linear(4 * C, C, bias=bias)


class NanoGPTShape(nn.Module):
    def __init__(self, V, T, L, C, bias):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(V, C), wpe=nn.Embedding(T, C),
            h=nn.ModuleList([Block(C, bias) for _ in range(L)]), ln_f=NoBiasLayerNorm(C, bias)))
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


def flat(t):
    return [float('%.9g' % v) for v in t.detach().reshape(-1)]  # float32 needs 9 digits


def model_case(seed, V, T, L, C, bias):
    torch.manual_seed(seed)
    model = NanoGPTShape(V, T, L, C, bias)
    params = {name.removeprefix("transformer."): flat(p) for name, p in model.named_parameters()}
    after = [int(v) for v in torch.randint(1000, (12,))]  # the stream continues where the model left it
    return dict(seed=seed, config=dict(vocabSize=V, blockSize=T, nLayer=L, nHead=2, nEmbd=C, bias=bias),
                params=params, randintAfter=after)


torch.manual_seed(7)
stream = dict(
    seed=7,
    randint1000=[int(v) for v in torch.randint(1000, (12,))],
    randintLarge=[int(v) for v in torch.randint(1003790, (12,))],
    rand=flat(torch.rand(20)),
    randn40=flat(torch.randn(40)),
    uniform=flat(torch.empty(10).uniform_(-0.5, 2.0)),
    normal=flat(torch.empty(48).normal_(1.0, 0.02)),
)
out = dict(
    note="Written by scripts/golden/make_torch_stream_fixture.py with PyTorch " + torch.__version__,
    stream=stream,
    models=[model_case(1337, 11, 8, 2, 16, False), model_case(3, 10, 8, 1, 16, True)],
)
path = Path(__file__).parents[2] / "tests/fixtures/torch_stream.json"
path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
