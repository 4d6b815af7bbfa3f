/* Which declarations libicp.so exports. Input: included by every public header. Output:
 * ICP_API, put on each public function and class; the library is built with hidden
 * visibility (and a version script), so everything else stays internal to it. */
#ifndef ICP_EXPORT_H
#define ICP_EXPORT_H

/* The same attribute serves the static and the shared library: in an archive it changes
 * nothing, and a program that links the archive sees every symbol anyway. */
#if defined(__GNUC__) || defined(__clang__)
#define ICP_API __attribute__((visibility("default")))
#else
#define ICP_API
#endif

#endif /* ICP_EXPORT_H */
