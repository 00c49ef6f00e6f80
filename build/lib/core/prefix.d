build/lib/core/prefix.o: lib/core/prefix.c lib/core/prefix.h \
 lib/core/err.h
lib/core/prefix.h:
lib/core/err.h:
