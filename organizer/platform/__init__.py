"""What differs between Linux, Windows and macOS, behind one seam: process hardening here
today. Only this package imports ctypes (and, as the rest moves in, fcntl, resource, msvcrt
or pyobjc), so the core stays portable Python."""
