#!/usr/bin/env python3
"""Generates the large-estate example: a datacenter's worth of machines
failed over to Azure, and the plan that reprotects them all.

    python3 examples/large-estate/generate.py    # rewrites inventory.json and plan.rpl here

Deterministic (a fixed seed), so the committed output only changes when this
script does. The estate: two vSphere clusters behind ExpressRoute private
peering, four on-premises process servers, 40 applications that are each a
replication group of one OS, and standalone machines. Every replication
group goes through one master target whose host mounts the group's
datastore, and no master target gets past 60 attached disks (RP311); the
standalone machines live on a datastore every host mounts and are left to
`using auto`.
"""
import hashlib
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(2026)
BOOTED = "2026-11-24T06:30:00Z"
MAX_DISKS = 60  # RP311: disks one master target can have attached

LINUX = ["Ubuntu 20.04", "Ubuntu 22.04", "Red Hat Enterprise Linux 8.8", "Red Hat Enterprise Linux 9.2",
         "SUSE Linux Enterprise Server 15 SP5", "Debian 12", "Oracle Linux 8.8", "Rocky Linux 9.3"]
WINDOWS = ["Windows Server 2016", "Windows Server 2019", "Windows Server 2022"]
APPS = ["crm", "erp", "hrm", "payroll", "billing", "wms", "mes", "plm", "scm", "bi", "dwh", "intranet",
        "portal", "cms", "edi", "pos", "loyalty", "fleet", "ticketing", "helpdesk", "sso", "pki", "mdm",
        "backup", "archive", "search", "kafka", "etl", "reporting", "treasury", "tax", "audit", "legal",
        "lms", "crm-mobile", "booking", "pricing", "catalog", "inventory", "shipping"]
ROLES = ["web", "app", "db", "batch", "cache", "mq"]
STANDALONE = ["jump", "mon", "log", "build", "git", "dns", "ntp", "proxy", "smtp", "print", "file", "license"]
CLUSTERS = {"a": 4, "b": 4}  # hosts per cluster


def uuid(seed):
    h = hashlib.sha1(seed.encode()).hexdigest()
    return f"6000c29{h[0]}-{h[1:5]}-{h[5:9]}-{h[9:13]}-{h[13:25]}"


def volumes(os_name):
    if os_name == "windows":
        return [{"path": "C:", "filesystem": "NTFS", "capacity_gb": 150, "locked": False, "cache": True, "purpose": "none"},
                {"path": "R:", "filesystem": "NTFS", "capacity_gb": 4096, "locked": False, "cache": False, "purpose": "retention"}]
    return [{"path": "/usr/local/ASR", "filesystem": "ext4", "capacity_gb": 100, "locked": False, "cache": True, "purpose": "none"},
            {"path": "/mnt/retention", "filesystem": "ext4", "capacity_gb": 4096, "locked": False, "cache": False, "purpose": "retention"}]


def master_target(name, os_name, host):
    return {"name": name, "os": os_name, "host": host, "site": "onprem", "vmware_tools": True,
            "disk_enable_uuid": True, "snapshots": 0, "scsi_controller": "lsi-logic", "storage_vmotion": False,
            "disk_uuids": [uuid(f"{name}/{i}") for i in range(2)], "attached_disks": 2, "volumes": volumes(os_name)}


def machine(name, os_name, host, datastore, group, disks):
    return {"name": name, "kind": "vmware-vm", "os": os_name,
            "os_version": RNG.choice(LINUX if os_name == "linux" else WINDOWS),
            "state": "failed-over", "in_configuration_server": True, "agent_registered": True,
            "booted_in_azure_at": BOOTED, "replication_group": group, "disks": disks,
            "disk_gb": RNG.choice([40, 64, 80, 128, 256, 512]), "disk_uuids": [uuid(f"{name}/{i}") for i in range(disks)],
            "static_ip": False,
            "onprem_vm": {"exists": True, "host": host, "datastores": [datastore], "snapshots": 0}}


def generate():
    hosts = [f"esx-{c}{i:02}" for c, n in CLUSTERS.items() for i in range(1, n + 1)]
    cluster_hosts = {c: [h for h in hosts if h.startswith(f"esx-{c}")] for c in CLUSTERS}
    datastores = [{"name": f"ds-{c}{i:02}", "type": "vmfs", "free_gb": 32768,
                   "mounts": {h: "read-write" for h in cluster_hosts[c]}} for c in CLUSTERS for i in range(1, 5)]
    datastores.append({"name": "ds-shared01", "type": "vmfs", "free_gb": 65536, "mounts": {h: "read-write" for h in hosts}})
    servers = [f"ps-onprem{i:02}" for i in range(1, 5)]

    machines, targets, apps = [], [], []
    used = {}  # master target → disks attached once the plan has run
    for index, app in enumerate(APPS):
        os_name = "windows" if index % 3 == 0 else "linux"
        cluster = "a" if index % 2 == 0 else "b"
        store = f"ds-{cluster}{index % 4 + 1:02}"
        size = RNG.randint(4, 9)
        members = []
        for n in range(size):
            role = ROLES[n % len(ROLES)]
            name = f"{app}-{role}{n // len(ROLES) + 1:02}"
            members.append(machine(name, os_name, RNG.choice(cluster_hosts[cluster]), store, app, RNG.randint(1, 3)))
        disks = sum(m["disks"] for m in members)
        # First fit: a master target of the OS, in the cluster, with room for the whole group.
        prefix = f"mt-{'win' if os_name == 'windows' else 'lnx'}-{cluster}"
        target = next((t for t in targets if t["name"].startswith(prefix) and used[t["name"]] + disks <= MAX_DISKS), None)
        if target is None:
            count = sum(1 for t in targets if t["name"].startswith(prefix)) + 1
            target = master_target(f"{prefix}{count:02}", os_name, cluster_hosts[cluster][count % len(cluster_hosts[cluster])])
            targets.append(target)
            used[target["name"]] = target["attached_disks"]
        used[target["name"]] += disks
        machines += members
        apps.append((app, target["name"], servers[index % len(servers)], store))

    # Standalone machines, and empty master targets for `using auto` to fill.
    for n in range(60):
        os_name = "windows" if n % 4 == 0 else "linux"
        name = f"{STANDALONE[n % len(STANDALONE)]}{n // len(STANDALONE) + 1:02}"
        machines.append(machine(name, os_name, RNG.choice(hosts), "ds-shared01", None, RNG.randint(1, 2)))
    for n in range(1, 4):
        targets.append(master_target(f"mt-lnx-pool{n:02}", "linux", hosts[n]))
    targets.append(master_target("mt-win-pool01", "windows", hosts[-1]))

    inventory = {
        "network": {"link": "expressroute-private", "bandwidth_mbps": 10000},
        "configuration_server": {"name": "cs-dc01", "site": "onprem"},
        "vcenters": [{"name": "vc-dc01", "account": "admin", "discovered": True}],
        "esxi_hosts": [{"name": h, "vcenter": "vc-dc01", "edition": "licensed"} for h in hosts],
        "datastores": datastores,
        "master_targets": targets,
        "process_servers": [{"name": s, "site": "onprem", "reaches_configuration_server": True, "heartbeat": True} for s in servers],
        "machines": machines,
    }
    with open(os.path.join(HERE, "inventory.json"), "w") as f:
        json.dump(inventory, f, indent=2)
        f.write("\n")

    standalone = sum(1 for m in machines if m["replication_group"] is None)
    lines = [
        "# A large estate: a whole datacenter comes back from Azure.",
        "#",
        f"# GENERATED by generate.py (do not edit): {len(machines)} machines, {len(APPS)} replication",
        f"# groups, {len(targets)} master targets, behind ExpressRoute private peering with",
        "# on-premises process servers. Each application is a replication group,",
        "# reprotected through one master target (`reprotect-group`, import",
        "# groups) from a table of records; the standalone machines are left to",
        "# `using auto`, so the scheduler picks a master target of their OS. Only",
        "# reprotect: the failbacks, which mean downtime, go in later plans, one",
        "# wave at a time.",
        "import groups",
        "",
        "let apps = [",
    ]
    for app, target, server, store in apps:
        lines.append(f'  {{name: "{app}", target: {target}, server: {server}, store: {store}}},')
    lines += [
        "]",
        "",
        "plan datacenter-return version 1 <",
        f'  assert len(apps) == {len(APPS)}, "one entry per replication group"',
        f'  assert len(machines where state == "failed-over") == {len(machines)}, "every machine is failed over"',
        '  assert len(machines where not agent-registered) == 0, "every agent has registered with the configuration server"',
        "",
        "  group applications <",
        "    for app in apps <",
        "      reprotect-group(app.name, app.target, app.server, app.store)",
        "    >",
        "  >",
        "",
        "  group utilities after applications <",
        f"    # {standalone} machines on ds-shared01, which every host mounts read/write.",
        '    for m in standalone("linux") < reprotect m using auto ps-onprem01 datastore ds-shared01 >',
        '    for m in standalone("windows") < reprotect m using auto ps-onprem02 datastore ds-shared01 >',
        "  >",
        ">",
    ]
    with open(os.path.join(HERE, "plan.rpl"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    generate()
