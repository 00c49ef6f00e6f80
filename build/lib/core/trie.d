build/lib/core/trie.o: lib/core/trie.c lib/core/trie.h lib/core/prefix.h \
 lib/core/err.h
lib/core/trie.h:
lib/core/prefix.h:
lib/core/err.h:
