using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>
/// Every libc call Understudy makes, in one place: this part holds sockets, epoll and eventfd;
/// Libc.Signals.cs, Libc.Kernel.cs (the bpf syscall, statfs, mount) and Libc.Namespaces.cs the
/// rest. The forwarding loop makes these calls directly, without .NET's socket engine in
/// between: one thread waits on epoll and moves bytes itself, as HAProxy and nginx do, instead
/// of handing each readiness to the thread pool.
/// </summary>
internal static unsafe partial class Libc
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockNonBlock = 0x800;
    public const int SockCloexec = 0x80000;
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoLinger = 13;
    public const int MsgNoSignal = 0x4000;
    public const int ShutWr = 1;

    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const uint EpollIn = 0x1;
    public const uint EpollOut = 0x4;
    public const uint EpollErr = 0x8;
    public const uint EpollHup = 0x10;
    public const uint EpollExclusive = 1u << 28;

    public const int EAgain = 11;
    public const int EIntr = 4;
    public const int EInProgress = 115;

    /// <summary>struct epoll_event is packed (12 bytes) on x86 and x86-64, 16 bytes elsewhere.</summary>
    public static readonly int EpollEventSize =
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    private static readonly int EpollDataOffset = EpollEventSize == 12 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept(int fd, byte* address, int* length, int flags);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, byte* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, byte* value, int* length);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Adds, changes or removes <paramref name="fd"/>'s interest; <paramref name="data"/> comes back with its events.</summary>
    public static int Control(int epoll, int op, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EpollDataOffset) = data;
        return EpollCtl(epoll, op, fd, ev);
    }

    /// <summary>The events and data of the <paramref name="index"/>th entry epoll_wait filled in.</summary>
    public static (uint Events, ulong Data) EventAt(byte* events, int index)
    {
        var ev = events + (index * EpollEventSize);
        return (*(uint*)ev, *(ulong*)(ev + EpollDataOffset));
    }

    public static void SetInt(int fd, int level, int name, int value) => SetSockOpt(fd, level, name, (byte*)&value, sizeof(int));

    /// <summary>SO_RCVTIMEO: a blocking receive on <paramref name="fd"/> gives up after <paramref name="timeout"/>.</summary>
    public static void SetReceiveTimeout(int fd, TimeSpan timeout)
    {
        var timeval = stackalloc long[2] { (long)timeout.TotalSeconds, timeout.Microseconds + (timeout.Milliseconds * 1000) };
        SetSockOpt(fd, 1, 20, (byte*)timeval, 2 * sizeof(long));
    }

    /// <summary>Closing with this sends a reset rather than a FIN: the peer sees the connection cut.</summary>
    public static void SetResetOnClose(int fd)
    {
        var linger = stackalloc int[2] { 1, 0 };
        SetSockOpt(fd, SolSocket, SoLinger, (byte*)linger, 2 * sizeof(int));
    }

    /// <summary>The pending error of a socket (a non-blocking connect's outcome), 0 if none.</summary>
    public static int PendingError(int fd)
    {
        int value = 0, length = sizeof(int);
        return GetSockOpt(fd, SolSocket, SoError, (byte*)&value, &length) == 0 ? value : Errno;
    }

    /// <summary>Where a connection redirected by nftables (DNAT) was first addressed
    /// (SO_ORIGINAL_DST of IPv4, IP6T_SO_ORIGINAL_DST of IPv6), or null.</summary>
    public static IPEndPoint? OriginalDestination(int fd, bool ipv6)
    {
        const int SoOriginalDst = 80;
        var address = stackalloc byte[28];
        var length = 28;
        return GetSockOpt(fd, ipv6 ? 41 : 0, SoOriginalDst, address, &length) == 0
            ? ReadAddress(new ReadOnlySpan<byte>(address, length))
            : null;
    }

    /// <summary>Writes <paramref name="endPoint"/> as a sockaddr_in or sockaddr_in6 and returns its length.</summary>
    public static int WriteAddress(IPEndPoint endPoint, Span<byte> address)
    {
        address.Clear();
        var port = (ushort)endPoint.Port;
        address[2] = (byte)(port >> 8);
        address[3] = (byte)port;
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BitConverter.TryWriteBytes(address, (ushort)AfInet);
            endPoint.Address.TryWriteBytes(address[4..8], out _);
            return 16;
        }

        BitConverter.TryWriteBytes(address, (ushort)AfInet6);
        endPoint.Address.TryWriteBytes(address[8..24], out _);
        BitConverter.TryWriteBytes(address[24..28], (uint)endPoint.Address.ScopeId);
        return 28;
    }

    /// <summary>Reads a sockaddr_in or sockaddr_in6 that accept4 filled in.</summary>
    public static IPEndPoint? ReadAddress(ReadOnlySpan<byte> address)
    {
        var family = BitConverter.ToUInt16(address);
        var port = (address[2] << 8) | address[3];
        return family switch
        {
            AfInet => new IPEndPoint(new IPAddress(address[4..8]), port),
            AfInet6 => new IPEndPoint(new IPAddress(address[8..24], BitConverter.ToUInt32(address[24..28])), port),
            _ => null,
        };
    }
}
