// glibc's allocator settings (mallopt and its M_* parameters), which Swift's
// Glibc module does not export: rpl asks for a heap on huge pages
// (Sources/rpl/HeapOnHugePages.swift says why).
#ifndef RPL_CMALLOC_H
#define RPL_CMALLOC_H
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#endif
