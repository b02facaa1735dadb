// Only a header: this file exists because a C target needs a source file.
#include "CLibFuzzer.h"
