namespace Understudy.Cli.Scenario;

/// <summary>The failures of the topology matrix (rows).</summary>
internal enum TopologyFailure
{
    /// <summary>The VM's process group is killed (SIGKILL), as a crash: the driver sees the process exit.</summary>
    VmCrash,

    /// <summary>The VM is frozen (SIGSTOP): alive, silent.</summary>
    VmHang,

    /// <summary>The host node that runs the VM is killed (SIGKILL); its VMs die with its lease.</summary>
    HostCrash,

    /// <summary>The service inside the guest is killed; the VM itself runs on.</summary>
    ServiceStopped,
}
