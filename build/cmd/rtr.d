build/cmd/rtr.o: cmd/rtr.c cmd/cmd.h
cmd/cmd.h:
