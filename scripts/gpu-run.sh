#!/usr/bin/env bash
# Runs on the GPU machine (as root), from the repository root, after scripts/gpu-pack.sh made .gpu/ here.
# GL/Vulkan loaders go to / (as the workplace's device notes advise); X libraries to /opt/xlibs, used only if missing.
set -u
cd .gpu
for f in libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2; do dpkg -x ${f}_*.deb /; done
mkdir -p /opt/xlibs
for f in libx11-6 libxext6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0; do dpkg -x ${f}_*.deb /opt/xlibs; done
ldconfig
glx=$(ls /usr/local/nvidia/lib*/libGLX_nvidia.so.0 /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0 2>/dev/null | head -1)
if [ -n "$glx" ] && ldd "$glx" | grep -q 'not found'; then
  export LD_LIBRARY_PATH=/opt/xlibs/usr/lib/x86_64-linux-gnu:/opt/xlibs/lib/x86_64-linux-gnu
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd
xz -dc node.xz > /tmp/node && chmod +x /tmp/node
[ -f node_modules/webgpu/dist/linux-x64/dawn.node ] || xz -dk node_modules/webgpu/dist/linux-x64/dawn.node.xz
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
/tmp/node bench-gpu.mjs --node --no-wasm "$@"
