#ifndef CXLSXWRITER_SHIM_H
#define CXLSXWRITER_SHIM_H
/* libxlsxwriter (Debian libxlsxwriter-dev) for `into "x.xlsx"`: AttendCore's XlsxWorkbook
   is its only user. Only cell writers that cannot make a formula are called (see
   Docs/spreadsheets.md): never worksheet_write_formula or its relatives. */
#include <xlsxwriter.h>
#endif
