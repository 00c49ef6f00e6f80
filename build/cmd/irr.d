build/cmd/irr.o: cmd/irr.c cmd/cmd.h cmd/irr_cmds.h
cmd/cmd.h:
cmd/irr_cmds.h:
