build/cmd/bogon.o: cmd/bogon.c cmd/cmd.h
cmd/cmd.h:
