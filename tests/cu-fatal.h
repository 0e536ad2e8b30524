/*
 * cu-fatal.h: for clang's analyzer only (scripts/ci-static). A failing
 * CUnit _FATAL assert longjmps out of the test, but the analyzer cannot see
 * that and follows the test on past it into a NULL it just checked. This
 * says what CUnit does: a fatal failure does not come back. Include after
 * <CUnit/CUnit.h>.
 */
#ifndef MP_CU_FATAL_H
#define MP_CU_FATAL_H

#ifdef __clang_analyzer__
#include <stdlib.h>
#define CU_assertImplementation(v, line, cond, file, fn, fatal) __extension__ ({ \
	CU_BOOL cu_v_ = (v); \
	(CU_assertImplementation)(cu_v_, (line), (cond), (file), (fn), (fatal)); \
	if (!cu_v_ && (fatal)) \
		abort(); \
	cu_v_; })
#endif

#endif
