/**
 * The CUDA float32 backend's runtime: device discovery and the availability reason ({@link
 * dev.wstal.backend.cuda.CudaRuntime}), the kernel module built by nvcc into the jar ({@link
 * dev.wstal.backend.cuda.KernelImage}), a caching device allocator ({@link dev.wstal.backend.cuda.CachingAllocator})
 * and kernel launches ({@link dev.wstal.backend.cuda.Kernel}). Everything goes through the JCuda driver API, which
 * needs only {@code libcuda.so.1}; no CUDA toolkit library is loaded. See docs/cuda.md.
 */
package dev.wstal.backend.cuda;
