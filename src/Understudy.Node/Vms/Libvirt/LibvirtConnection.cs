namespace Understudy.Node.Vms.Libvirt;

/// <summary>
/// One connection to libvirtd (<c>virConnectOpen</c>). libvirt's connections are thread-safe;
/// each call blocks until libvirtd answers, so callers on async paths run them off the caller's
/// thread (<see cref="Task.Run(Action)"/>). An error is read on the thread that made the call.
/// </summary>
internal sealed class LibvirtConnection : IDisposable
{
    private readonly Lock _gate = new();
    private nint _handle;

    private LibvirtConnection(string uri, nint handle)
    {
        Uri = uri;
        _handle = handle;
    }

    public string Uri { get; }

    /// <summary>Whether the connection still reaches libvirtd (it ends if libvirtd restarts).</summary>
    public bool IsAlive
    {
        get
        {
            lock (_gate)
            {
                return _handle != 0 && LibvirtNative.ConnectIsAlive(_handle) == 1;
            }
        }
    }

    /// <summary>Opens <paramref name="uri"/>, or says why not: libvirt missing, libvirtd not running, refused.</summary>
    public static (LibvirtConnection? Connection, string? Problem) Open(string uri)
    {
        try
        {
            LibvirtNative.SilenceErrors();
            var handle = LibvirtNative.ConnectOpen(uri);
            return handle == 0
                ? (null, $"cannot connect to libvirtd at {uri}: {LibvirtNative.LastErrorMessage} (is libvirtd running? start it with 'virtlogd -d && virtlockd -d && libvirtd -d', or systemctl start libvirtd)")
                : (new LibvirtConnection(uri, handle), null);
        }
        catch (DllNotFoundException)
        {
            return (null, "libvirt is not installed (apt-get install libvirt-daemon-system libvirt-clients)");
        }
    }

    /// <summary>The domain named <paramref name="name"/>, or null if libvirtd has none.</summary>
    public LibvirtDomain? Lookup(string name)
    {
        var domain = LibvirtNative.DomainLookupByName(Handle, name);
        if (domain != 0)
        {
            return new LibvirtDomain(name, domain);
        }

        var code = LibvirtNative.GetLastErrorCode();
        return code == LibvirtNative.ErrorNoDomain ? null : throw new LibvirtException($"libvirt: looking up domain {name}: {LibvirtNative.LastErrorMessage}", code);
    }

    /// <summary>Defines (or redefines) a persistent domain from <paramref name="xml"/>.</summary>
    public LibvirtDomain Define(string name, string xml)
    {
        var domain = LibvirtNative.DomainDefineXml(Handle, xml);
        return domain != 0
            ? new LibvirtDomain(name, domain)
            : throw new LibvirtException($"libvirt refused the XML of domain {name}: {LibvirtNative.LastErrorMessage}", LibvirtNative.GetLastErrorCode());
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_handle != 0)
            {
                LibvirtNative.ConnectClose(_handle);
                _handle = 0;
            }
        }
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(LibvirtConnection));
}
