# Sourced by the scripts in bin/ once they have set JSUPERVISOR_HOME: what the four share.

# The java to run: JAVA when set, else the runtime in the tree (made by jlink), else
# JAVA_HOME's, else the one on PATH.
if [ -z "$JAVA" ]; then
  if [ -x "$JSUPERVISOR_HOME/runtime/bin/java" ]; then JAVA="$JSUPERVISOR_HOME/runtime/bin/java"
  elif [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"
  else JAVA=java
  fi
fi

# archive_usable JSA: whether the class-data archive JSA can be used. JDK 17 ties an archive to
# the java build and to the jars' absolute paths, so it must have been made for this tree (the
# path in JSA.home) by a java no newer than it.
archive_usable() {
  local stamp= javabin
  [ -f "$1" ] && [ -f "$1.home" ] || return 1
  read -r stamp < "$1.home"
  javabin="$(command -v "$JAVA")" || return 1
  [ "$stamp" = "$JSUPERVISOR_HOME" ] && ! [ "$javabin" -nt "$1" ]
}
