#include "CEditShim.h"
#include <histedit.h>
int rpl_edit_available(void) { return 1; }
