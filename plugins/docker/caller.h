/*
 * caller.h: what the Docker helper can tell about the program that ran it
 * (caller.c).
 */
#ifndef MP_DOCKER_CALLER_H
#define MP_DOCKER_CALLER_H

#include "mogoplus.h"

/*
 * Non-zero when the parent process's arguments hold the word "login"
 * (`docker login REG`, `podman login REG`): its get should mint a fresh
 * token. 0 when they do not or cannot be read. A guess: see caller.c.
 */
int dk_caller_is_login(void);

#endif
