package io.github.jmmap.internal.windows;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MapOptions;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The NATIVE backend on Windows: CreateFileW, CreateFileMappingW/OpenFileMappingW, MapViewOfFile,
 * FlushViewOfFile + FlushFileBuffers, PrefetchVirtualMemory, VirtualLock, VirtualProtect through
 * the FFM API over the jextract-generated {@code Kernel32}, with GetLastError captured and
 * FormatMessageW's text in every error.
 *
 * <p>Windows semantics users meet through {@link io.github.jmmap.MemoryMap}:
 * <ul>
 *   <li>Offsets are aligned to the allocation granularity (64 KiB), the delta hidden.</li>
 *   <li>Files are opened with FILE_SHARE_READ|WRITE|DELETE, and closing a map releases the view,
 *       the mapping object and the file handle, so the file can be deleted right after.</li>
 *   <li>A tagname names the mapping object, of a file ({@code MemoryMap.open(path, options)}) or of
 *       pagefile-backed memory ({@code MemoryMap.anonymous(length, options)}); {@code Local\} and
 *       {@code Global\} prefixes pass through. A name lives as long as a handle to it: there is
 *       nothing to unlink ({@code unlinkNamed} returns false). A named object keeps the size it
 *       was created with: mapping more of it is refused, and resize works only for its sole
 *       holder (else ResizeFailed keeps the map as it was).</li>
 *   <li>Advice: WILL_NEED prefetches, DONT_NEED trims the working set without losing data,
 *       NORMAL/RANDOM/SEQUENTIAL are accepted without effect, the rest are unsupported.
 *       {@code isLoaded} answers false (unknown). Huge pages are a hint it ignores.</li>
 * </ul>
 *
 * <pre>{@code
 * MapOptions o = MapOptions.builder().access(Access.WRITE).tagname("Local\\jobs").build();
 * try (MemoryMap m = MemoryMap.open(Path.of("jobs.bin"), o)) {
 *     m.set(0, (byte) 1);     // another process mapping jobs.bin as "Local\jobs" shares this memory
 * }
 * }</pre>
 */
public final class WindowsProvider implements Provider {
    final Win32 win32;
    private final long pageSize;
    private final long granularity;

    private WindowsProvider() {
        this.win32 = new Win32();
        long[] info = win32.systemInfo();
        this.pageSize = info[0];
        this.granularity = info[1];
    }

    /**
     * Called by {@code Providers} only when native access is enabled.
     *
     * @return the provider
     * @throws IOException never in practice; declared as every provider's {@code create()} is
     */
    public static Provider create() throws IOException {
        return new WindowsProvider();
    }

    @Override
    public Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public String osName() {
        return "windows";
    }

    @Override
    public long pageSize() {
        return pageSize;
    }

    @Override
    public long allocationGranularity() {
        return granularity;
    }

    @Override
    public Handle openFile(Path path, Access access) throws IOException {
        Tagnames.requireRegularFile(path);
        String name = path.toString();
        long h = win32.openFile(path.toAbsolutePath().toString(), win32.flags.fileAccess(access), name);
        return new WinFileHandle(win32, h, name);
    }

    @Override
    public Handle openDescriptor(int fd, Access access, boolean duplicate) {
        throw new UnsupportedOperationException("mapping a file descriptor is a POSIX feature; windows maps files by"
                + " path: use MemoryMap.open(Path, options)");
    }

    @Override
    public void checkTagname(String tagname) {
        WinNames.check(tagname);
    }

    /** Why FlushMode.INVALIDATE is refused on Windows. */
    static final String INVALIDATE_REFUSED = "FlushMode.INVALIDATE is not supported on windows: FlushViewOfFile"
            + " has no counterpart of msync(MS_INVALIDATE) (views of one file share its pages); use SYNC";

    @Override
    public void checkFlushMode(FlushMode mode) {
        if (mode == FlushMode.INVALIDATE) {
            throw new UnsupportedOperationException(INVALIDATE_REFUSED);
        }
    }

    @Override
    public Handle openNamed(String tagname, CreatePolicy policy, Access access) throws IOException {
        return WinNamedHandle.open(win32, tagname, policy, access);
    }

    /** Windows names die with their last handle: nothing to remove. */
    @Override
    public boolean unlinkNamed(String tagname) {
        checkTagname(tagname);
        return false;
    }

    @Override
    public boolean fileTagnames() {
        return true;
    }

    @Override
    public Region map(Handle handle, long offset, long length, Access access, MapOptions options) throws IOException {
        WindowsRegion r = handle instanceof WinNamedHandle named
                ? WindowsRegion.mapNamed(this, named, length, access)
                : WindowsRegion.mapFile(this, (WinFileHandle) handle, options.tagname(), options.createPolicy(), offset,
                length, access);
        return populated(r, options);
    }

    @Override
    public Region mapAnonymous(long length, Access access, MapOptions options) throws IOException {
        return populated(WindowsRegion.mapAnonymous(this, length, access), options);
    }

    /** populate: a best-effort prefetch (there is no MAP_POPULATE). */
    private static Region populated(WindowsRegion r, MapOptions options) {
        if (options.populate()) {
            try {
                r.advise(Advice.WILL_NEED, 0, r.segment().byteSize());
            } catch (IOException | RuntimeException ignored) {
                // a hint
            }
        }
        return r;
    }
}
