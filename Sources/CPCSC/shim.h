#ifndef CPCSC_SHIM_H
#define CPCSC_SHIM_H
#include <PCSC/winscard.h>
#include <PCSC/reader.h>

/// SCARD_PCI_T0 and SCARD_PCI_T1 are macros taking the address of a global; Swift cannot import them.
static inline const SCARD_IO_REQUEST *CPCSC_pci_t0(void) { return SCARD_PCI_T0; }
static inline const SCARD_IO_REQUEST *CPCSC_pci_t1(void) { return SCARD_PCI_T1; }
#endif
