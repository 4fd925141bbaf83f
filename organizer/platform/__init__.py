"""What differs between Linux, Windows and macOS, behind one seam: process hardening
(`hardening`) and file locks and size limits (`files`). Only this package imports ctypes,
fcntl, resource or msvcrt (and, to come, pyobjc), so the core stays portable Python."""
