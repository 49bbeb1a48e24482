"""The password hasher: Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

Django's default, PBKDF2-SHA256 at 1,000,000 iterations, costs about 0.6 s of CPU per login
here, so a hall of 600 students logging in over ten minutes keeps a core busy with hashing
alone. Argon2id at these settings costs about 47 ms and, being memory-hard, gives a
GPU-equipped attacker of a stolen hash table less advantage per guess than PBKDF2 does:
OWASP lists both as equivalent. The trade-off is in docs/performance.md ("Exam day").
Existing PBKDF2 or stronger Argon2 hashes are rewritten with these settings at the next
successful login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class HallArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
