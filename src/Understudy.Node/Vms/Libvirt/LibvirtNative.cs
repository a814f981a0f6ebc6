using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Understudy.Node.Vms.Libvirt;

/// <summary>
/// The few calls of libvirt's C library (libvirt.so.0, Debian's libvirt0) the driver makes. Each
/// is a request to libvirtd over its unix socket; errors are thread-local, so a wrapper reads
/// <see cref="LastErrorMessage"/> on the thread that made the call (<see cref="LibvirtConnection"/>).
/// </summary>
internal static unsafe partial class LibvirtNative
{
    private const string Library = "libvirt.so.0";

    /// <summary><c>virDomainState</c> values.</summary>
    public const int StateRunning = 1;
    public const int StatePaused = 3;
    public const int StateShutoff = 5;
    public const int StateCrashed = 6;

    /// <summary><c>VIR_ERR_NO_DOMAIN</c>: the lookup found no such domain.</summary>
    public const int ErrorNoDomain = 42;

    /// <summary><c>VIR_DOMAIN_XML_INACTIVE</c>: the persistent definition, not the running one.</summary>
    public const uint XmlInactive = 2;

    /// <summary><c>VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN</c>.</summary>
    public const uint ShutdownAcpi = 1;

    [LibraryImport(Library, EntryPoint = "virConnectOpen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ConnectOpen(string uri);

    [LibraryImport(Library, EntryPoint = "virConnectClose")]
    public static partial int ConnectClose(nint connection);

    [LibraryImport(Library, EntryPoint = "virConnectIsAlive")]
    public static partial int ConnectIsAlive(nint connection);

    [LibraryImport(Library, EntryPoint = "virDomainLookupByName", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint DomainLookupByName(nint connection, string name);

    [LibraryImport(Library, EntryPoint = "virDomainDefineXML", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint DomainDefineXml(nint connection, string xml);

    [LibraryImport(Library, EntryPoint = "virDomainUndefine")]
    public static partial int DomainUndefine(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainCreate")]
    public static partial int DomainCreate(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainShutdownFlags")]
    public static partial int DomainShutdownFlags(nint domain, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainDestroy")]
    public static partial int DomainDestroy(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainSuspend")]
    public static partial int DomainSuspend(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainResume")]
    public static partial int DomainResume(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainInjectNMI")]
    public static partial int DomainInjectNmi(nint domain, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainSetAutostart")]
    public static partial int DomainSetAutostart(nint domain, int autostart);

    [LibraryImport(Library, EntryPoint = "virDomainGetState")]
    public static partial int DomainGetState(nint domain, out int state, out int reason, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainGetXMLDesc")]
    public static partial nint DomainGetXmlDesc(nint domain, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainFree")]
    public static partial int DomainFree(nint domain);

    [LibraryImport(Library, EntryPoint = "virGetLastErrorMessage")]
    public static partial nint GetLastErrorMessage();

    [LibraryImport(Library, EntryPoint = "virGetLastErrorCode")]
    public static partial int GetLastErrorCode();

    [LibraryImport(Library, EntryPoint = "virResetLastError")]
    public static partial void ResetLastError();

    [LibraryImport(Library, EntryPoint = "virSetErrorFunc")]
    public static partial void SetErrorFunc(nint userData, delegate* unmanaged[Cdecl]<nint, nint, void> handler);

    /// <summary>The calling thread's last libvirt error, as libvirt words it.</summary>
    public static string LastErrorMessage => Marshal.PtrToStringUTF8(GetLastErrorMessage()) ?? "unknown libvirt error";

    /// <summary>Stops libvirt printing every error to stderr (its default): the driver reports them itself.</summary>
    public static void SilenceErrors() => SetErrorFunc(0, &Ignore);

    /// <summary>Takes a string libvirt allocated, and frees it.</summary>
    public static string? TakeString(nint pointer)
    {
        if (pointer == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer);
        }
        finally
        {
            Native.Libc.Free(pointer);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Ignore(nint userData, nint error)
    {
    }
}
