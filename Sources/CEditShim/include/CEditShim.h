#ifndef RPL_CEDITSHIM_H
#define RPL_CEDITSHIM_H
int rpl_edit_available(void);
#endif
