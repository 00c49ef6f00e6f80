build/cmd/lab.o: cmd/lab.c cmd/cmd.h
cmd/cmd.h:
