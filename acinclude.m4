dnl acinclude.m4: the project's own autoconf macros (m4/ holds only what
dnl aclocal --install copies from autoconf-archive).

dnl MP_EXPAND(VAR, VALUE): set the shell variable VAR to VALUE with every
dnl ${prefix}-style reference expanded and the defaults of prefix and
dnl exec_prefix applied, as "make install" will see them.
AC_DEFUN([MP_EXPAND], [
  mp_save_prefix=$prefix
  mp_save_exec_prefix=$exec_prefix
  test "x$prefix" = xNONE && prefix=$ac_default_prefix
  test "x$exec_prefix" = xNONE && exec_prefix=$prefix
  $1="$2"
  mp_i=0
  while test $mp_i -lt 10; do
    case $$1 in
    *'$'*) ;;
    *) break ;;
    esac
    mp_i=`expr $mp_i + 1`
    eval $1=\"$$1\"
  done
  prefix=$mp_save_prefix
  exec_prefix=$mp_save_exec_prefix
])
