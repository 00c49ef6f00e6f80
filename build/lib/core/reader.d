build/lib/core/reader.o: lib/core/reader.c lib/core/reader.h \
 lib/core/err.h
lib/core/reader.h:
lib/core/err.h:
