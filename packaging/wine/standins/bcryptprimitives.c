/* Test-only stand-in for bcryptprimitives.dll, which Wine 8.0 lacks and Windows 10/11 have.
 *
 * pydantic_core (Rust >= 1.78) imports ProcessPrng from it. Built by packaging/wine/build.sh
 * into the Wine prefix's system32 only: never shipped, never in the bundle. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    /* The system generator, as the real ProcessPrng uses; it never fails on real Windows. */
    while (size > 0) {
        ULONG chunk = size > 0x7fffffff ? 0x7fffffff : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
