using System.Security;

namespace Understudy.Node.Tests.Vms;

/// <summary>
/// The domain XML of a libvirt domain that boots Understudy's own busybox guest image (the QEMU
/// driver's kernel, the per-VM initramfs the libvirt driver writes at <c>${vmDir}/initramfs.gz</c>)
/// under TCG: ttyS0 to <c>${vmDir}/console.log</c>, ttyS1 (the agent's heartbeats) to
/// <c>${vmDir}/hb.sock</c>. QEMU runs as root for this domain (a static DAC label) because the
/// tests' folders are private to root.
/// </summary>
internal static class BusyboxDomain
{
    private const string VmDir = Core.Vms.Libvirt.DomainDefinition.VmDirToken;

    public static string Xml(string domain, string imageDirectory, int memoryMb = 128, string? disk = null) => $"""
        <domain type='qemu'>
          <name>{SecurityElement.Escape(domain)}</name>
          <memory unit='MiB'>{memoryMb}</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <kernel>{SecurityElement.Escape(Path.Combine(imageDirectory, "vmlinuz"))}</kernel>
            <initrd>{VmDir}/initramfs.gz</initrd>
            <cmdline>console=ttyS0 panic=0 unknown_nmi_panic=1 quiet</cmdline>
          </os>
          <features><acpi/></features>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>destroy</on_reboot>
          <on_crash>preserve</on_crash>
          <devices>
            {(disk is null ? "" : $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{SecurityElement.Escape(disk)}'/><target dev='vda' bus='virtio'/></disk>")}
            <serial type='file'><source path='{VmDir}/console.log'/><target port='0'/></serial>
            <serial type='unix'><source mode='bind' path='{VmDir}/hb.sock'/><target port='1'/></serial>
            <memballoon model='none'/>
          </devices>
          <seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>
        </domain>
        """;
}
