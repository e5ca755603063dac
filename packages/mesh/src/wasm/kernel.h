/*
 * What the C WebAssembly kernels share (no libc): fixed-size types, the export attribute, and
 * for a kernel with a memory of its own (KERNEL_OWN_MEMORY defined before the include; or one
 * imported, used by one instance) a bump allocator over it: one instance per call, so nothing
 * is ever freed and every allocation is zeroed (as new typed arrays are).
 */
#ifndef ANATOMODEL_KERNEL_H
#define ANATOMODEL_KERNEL_H

typedef int i32;
typedef unsigned int u32;
typedef unsigned char u8;
typedef float f32;
typedef double f64;

#define EXPORT(name) __attribute__((export_name(name)))

#ifdef KERNEL_OWN_MEMORY
extern unsigned char __heap_base;
static u32 heapTop;

/*
 * 64-byte aligned zeroed bytes, growing the memory; 0 when it cannot grow (4 GiB at most).
 * Bytes the memory had already are zeroed here (an imported memory may be a spent one that
 * another kernel used, whose pages are mapped: reusing them saves the first-touch faults);
 * grown pages are zero.
 */
EXPORT("alloc") u32 alloc(u32 bytes) {
  if (heapTop == 0) heapTop = ((u32)&__heap_base + 63) & ~63u;
  const u32 p = heapTop;
  if (bytes > 4294901760u - p) return 0;
  const u32 end = p + ((bytes + 63) & ~63u);
  const u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
  if (p < have) __builtin_memset((void *)p, 0, (end < have ? end : have) - p);
  if (end > have) {
    const u32 pages = (end - have + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (__SIZE_TYPE__)-1) return 0;
  }
  heapTop = end;
  return p;
}
#endif

#endif
