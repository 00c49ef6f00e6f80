build/lib/core/progress.o: lib/core/progress.c lib/core/progress.h
lib/core/progress.h:
