// libedit's own header; the CEditShim target wraps its variadic calls.
#include <histedit.h>
