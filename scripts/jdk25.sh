# Sourced by .ci/run and scripts/*.sh: find a JDK 25 and put it first on the PATH.
# JAVA_HOME wins when it is a 25 or newer; otherwise the usual Linux install places are tried.

pick_jdk25() {
  local candidate v
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    v=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

use_jdk25() {
  local found
  if ! found=$(pick_jdk25); then
    echo "No JDK 25 found (looked at JAVA_HOME=${JAVA_HOME:-<unset>} and /usr/lib/jvm)." >&2
    echo "Install one (e.g. Eclipse Temurin 25) and point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$found"
  export PATH="$JAVA_HOME/bin:$PATH"
}
