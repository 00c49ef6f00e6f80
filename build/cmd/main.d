build/cmd/main.o: cmd/main.c cmd/cmd.h lib/core/log.h
cmd/cmd.h:
lib/core/log.h:
