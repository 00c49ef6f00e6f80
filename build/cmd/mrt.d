build/cmd/mrt.o: cmd/mrt.c cmd/cmd.h
cmd/cmd.h:
