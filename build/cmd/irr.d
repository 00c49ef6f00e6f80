build/cmd/irr.o: cmd/irr.c cmd/cmd.h
cmd/cmd.h:
