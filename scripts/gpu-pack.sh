#!/usr/bin/env bash
# Packs what `npm run bench:gpu -- --node` needs onto a GPU machine that has no Node, no npm and no network:
# the Node binary, Dawn (the `webgpu` package's linux-x64 build), the bench bundled into one file, and the Vulkan
# and GL loader libraries from Debian (the NVIDIA Vulkan driver's libGLX_nvidia needs libglvnd). Output: .gpu/
# (git-ignored through .git/info/exclude). On the GPU machine run scripts/gpu-run.sh from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .gpu/node_modules/webgpu/dist/linux-x64 /tmp/amd64/partial
grep -qs '^/.gpu/' .git/info/exclude || { mkdir -p .git/info; echo '/.gpu/' >> .git/info/exclude; }
[ -f .gpu/node.xz ] || xz -T2 -6 -c "$(command -v node)" > .gpu/node.xz
cp node_modules/webgpu/index.js node_modules/webgpu/package.json .gpu/node_modules/webgpu/
xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > .gpu/node_modules/webgpu/dist/linux-x64/dawn.node.xz
npx esbuild scripts/bench-gpu.ts --bundle --platform=node --format=esm --target=node20 --external:webgpu \
  --external:playwright --external:@playwright/test --external:playwright-core --external:vite '--external:*.wasm?url' \
  --outfile=.gpu/bench-gpu.mjs --log-level=warning
apt_amd64='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
# shellcheck disable=SC2086
apt-get $apt_amd64 update -qq
(cd .gpu && apt-get $apt_amd64 download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 \
  libx11-6 libxext6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0)
cp scripts/gpu-run.sh .gpu/
du -sh .gpu
