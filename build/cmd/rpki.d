build/cmd/rpki.o: cmd/rpki.c cmd/cmd.h
cmd/cmd.h:
