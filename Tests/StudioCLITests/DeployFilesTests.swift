import Foundation
import Testing

/// deploy/: the Kubernetes manifests parsed as YAML and their commands run, the Slurm scripts
/// checked by bash and run with the variables Slurm sets, the GNU parallel example run, and the
/// README's "Scale out" section.
@Suite(.serialized) struct DeployFilesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let deploy = repository.appendingPathComponent("deploy")
    static let recipes = """
        { organization: "demo",
          tracks: {
            a: { engine: "pulse-1", prompt: "techno", duration: 3 }, b: { engine: "keys-1", prompt: "piano", duration: 3 },
            c: { engine: "pulse-1", prompt: "house", duration: 3, seed: 4 }, d: { engine: "lofi-1", prompt: "rain", duration: 3 },
          },
          shares: [ { track: "a" }, { track: "d" } ],
        }
        """

    /// The documents of a YAML file, through python3-yaml (installed by make test), as JSON.
    static func yaml(_ file: URL) throws -> [[String: Any]] {
        let script = "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))"
        let result = try StudioProcess.runTool(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, file.path])
        #expect(result.status == 0, "python3 -c 'import yaml' (python3-yaml): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static func shell(_ script: String, _ arguments: [String] = [], environment: [String: String]) throws -> StudioProcess.Result {
        try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), ["-c", script, "bash"] + arguments, environment: environment)
    }

    /// PATH with the `studio` under test first, so the scripts' plain `studio` is this one.
    static var path: String {
        StudioProcess.executable.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    static func json(_ text: String) -> [String: Any] {
        let line = text.split(separator: "\n").last { $0.hasPrefix("{") }.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    @Test func theKubernetesIndexedJobShardsIntoASharedVolumeAndThePublishJobRendersNothing() throws {
        let documents = try Self.yaml(Self.deploy.appendingPathComponent("kubernetes/studio-shards.yaml"))
        let claims = documents.filter { $0["kind"] as? String == "PersistentVolumeClaim" }
        let job = try #require(documents.first { $0["kind"] as? String == "Job" })
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        #expect(completions >= 2 && (spec["parallelism"] as? Int ?? 0) >= 1)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let command = ((container["command"] as? [String] ?? []) + (container["args"] as? [String] ?? [])).joined(separator: " ")
        #expect(command.contains("--shard") && command.contains("JOB_COMPLETION_INDEX"), "\(command)")
        let env = Dictionary(uniqueKeysWithValues: (container["env"] as? [[String: String]] ?? []).map { ($0["name"]!, $0["value"] ?? "") })
        #expect(env["SHARDS"] == String(completions), "SHARDS must equal completions")
        // The cache is on a volume every pod mounts read-write from any node.
        let mount = try #require((container["volumeMounts"] as? [[String: String]])?.first)
        #expect(command.contains("--cache \(mount["mountPath"]!)/"), "\(command)")
        let volume = try #require((pod["volumes"] as? [[String: Any]])?.first { $0["name"] as? String == mount["name"] })
        let claimName = try #require((volume["persistentVolumeClaim"] as? [String: String])?["claimName"])
        let claim = try #require(claims.first { ($0["metadata"] as? [String: Any])?["name"] as? String == claimName })
        #expect(((claim["spec"] as? [String: Any])?["accessModes"] as? [String]) == ["ReadWriteMany"])

        let publish = try #require(try Self.yaml(Self.deploy.appendingPathComponent("kubernetes/studio-publish.yaml")).first)
        let publishPod = try #require(((publish["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let publishArgs = try #require((publishPod["containers"] as? [[String: Any]])?.first?["args"] as? [String])
        #expect(publishArgs.first == "build" && !publishArgs.contains("--shard"))
        #expect((publishPod["volumes"] as? [[String: Any]])?.contains {
            ($0["persistentVolumeClaim"] as? [String: String])?["claimName"] == claimName
        } == true, "the publishing build reads the same cache volume")

        // Run them: every index as the pods would (the volume a temporary directory), then the publish job.
        let root = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("shared/recipes"), withIntermediateDirectories: true)
        try Self.recipes.write(to: root.appendingPathComponent("shared/recipes/demo.json5"), atomically: true, encoding: .utf8)
        let shardScript = try #require(container["args"] as? [String]).last!
            .replacingOccurrences(of: mount["mountPath"]!, with: root.appendingPathComponent("shared").path)
        var rendered = 0
        for index in 0..<completions {
            let result = try Self.shell(shardScript, environment: env.merging(["JOB_COMPLETION_INDEX": "\(index)", "PATH": Self.path]) { $1 })
            #expect(result.status == 0, "shard \(index): \(result.stderr)")
            if let count = result.stderr.firstMatch(of: /rendered (\d+) into/)?.output.1 { rendered += Int(count)! }
        }
        #expect(rendered == 4, "the \(completions) pods rendered each track once")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("state").path))
        let local = publishArgs.map {
            $0.replacingOccurrences(of: "/shared", with: root.appendingPathComponent("shared").path)
                .replacingOccurrences(of: "/state", with: root.appendingPathComponent("state").path)
        }
        let final = try StudioProcess.run(local, environment: ["STUDIO_TEMPLATES": ""], directory: root)
        #expect(final.status == 0, "\(final.stderr)")
        #expect(Self.json(final.stdout)["rendered"] as? Int == 0 && Self.json(final.stdout)["reused"] as? Int == 4, "\(final.stdout)")
    }

    /// Issue #16: what Kubernetes' API server checks beyond the schema (make kubernetes validates
    /// the schema itself with kubernetes-validate --strict): per-index retries need Indexed Jobs
    /// with restartPolicy Never; every pod requests what it needs; no templates volume or variable.
    @Test func bothJobsRetryPerIndexRequestResourcesAndNeedNoTemplates() throws {
        let shards = try Self.yaml(Self.deploy.appendingPathComponent("kubernetes/studio-shards.yaml"))
        let publish = try Self.yaml(Self.deploy.appendingPathComponent("kubernetes/studio-publish.yaml"))
        let jobs = (shards + publish).filter { $0["kind"] as? String == "Job" }
        #expect(jobs.count == 2)
        for job in jobs {
            let name = (job["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            let spec = try #require(job["spec"] as? [String: Any])
            #expect(spec["completionMode"] as? String == "Indexed", "\(name)")
            #expect((spec["backoffLimitPerIndex"] as? Int ?? 0) >= 1, "\(name): backoffLimitPerIndex")
            let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
            #expect(pod["restartPolicy"] as? String == "Never", "\(name): backoffLimitPerIndex needs restartPolicy Never")
            for container in pod["containers"] as? [[String: Any]] ?? [] {
                let requests = ((container["resources"] as? [String: Any])?["requests"] as? [String: Any]) ?? [:]
                #expect(requests["cpu"] != nil && requests["memory"] != nil, "\(name): resource requests")
                let text = String(describing: container)
                #expect(!text.contains("templates") && !text.contains("STUDIO_TEMPLATES"), "\(name): \(text)")
            }
            #expect(!String(describing: pod["volumes"] ?? []).contains("templates"), "\(name): a templates volume")
        }
        let containerfile = try String(contentsOf: Self.deploy.appendingPathComponent("Containerfile"), encoding: .utf8)
        #expect(!containerfile.contains("STUDIO_TEMPLATES") && containerfile.contains("COPY Plugins"))
    }

    @Test func theSlurmArrayShardsByTaskIdAndThePublishJobWaitsForAllOfThem() throws {
        let slurm = Self.deploy.appendingPathComponent("slurm")
        for name in ["studio-shards.sbatch", "studio-publish.sbatch", "submit.sh", "requeue.sh"] {
            let check = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), ["-n", slurm.appendingPathComponent(name).path])
            #expect(check.status == 0, "bash -n \(name): \(check.stderr)")
        }
        let shards = try String(contentsOf: slurm.appendingPathComponent("studio-shards.sbatch"), encoding: .utf8)
        #expect(shards.contains("#SBATCH --array=0-") && shards.contains("SLURM_ARRAY_TASK_ID") && shards.contains("--shard"))
        let submit = try String(contentsOf: slurm.appendingPathComponent("submit.sh"), encoding: .utf8)
        #expect(submit.contains("--dependency=\"afterok:") && submit.contains("studio-publish.sbatch"))

        // Run the tasks as Slurm would, with the variables it sets, then the dependent job.
        let root = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("recipes"), withIntermediateDirectories: true)
        try Self.recipes.write(to: root.appendingPathComponent("recipes/demo.json5"), atomically: true, encoding: .utf8)
        let common = ["PATH": Self.path, "STUDIO_RECIPES": root.appendingPathComponent("recipes").path,
                      "STUDIO_CACHE": root.appendingPathComponent("cache").path, "STUDIO_DATE": "2026-11-25"]
        var rendered = 0
        for task in 0..<3 {
            let result = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), [slurm.appendingPathComponent("studio-shards.sbatch").path],
                                                   environment: common.merging(["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_COUNT": "3",
                                                                                "SLURM_ARRAY_TASK_MIN": "0", "SLURM_CPUS_PER_TASK": "1"]) { $1 })
            #expect(result.status == 0, "task \(task): \(result.stderr)")
            if let count = result.stderr.firstMatch(of: /shard \d\/3: rendered (\d+) into/)?.output.1 { rendered += Int(count)! }
        }
        #expect(rendered == 4)
        let offByOne = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), [slurm.appendingPathComponent("studio-shards.sbatch").path],
                                                 environment: common.merging(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3",
                                                                              "SLURM_ARRAY_TASK_MIN": "1"]) { $1 })
        #expect(offByOne.status == 2 && offByOne.stderr.contains("must start at 0"), "\(offByOne.stderr)")
        let publish = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), [slurm.appendingPathComponent("studio-publish.sbatch").path],
                                                environment: common.merging(["STUDIO_STATE": root.appendingPathComponent("state").path,
                                                                             "STUDIO_OUT": root.appendingPathComponent("public").path,
                                                                             "STUDIO_TEMPLATES": ""]) { $1 }, directory: root)
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(Self.json(publish.stdout)["rendered"] as? Int == 0, "\(publish.stdout)")
    }

    @Test func theGNUParallelExampleShardsThenPublishes() throws {
        let root = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("recipes"), withIntermediateDirectories: true)
        try Self.recipes.write(to: root.appendingPathComponent("recipes/demo.json5"), atomically: true, encoding: .utf8)
        let script = "cd \"$1\" && exec \"$2\" 3"
        let result = try Self.shell(script, [root.path, Self.deploy.appendingPathComponent("parallel.sh").path],
                                    environment: ["PATH": Self.path, "STUDIO_TEMPLATES": ""])
        #expect(result.status == 0, "deploy/parallel.sh (GNU parallel, installed by make test): \(result.stderr)")
        #expect(result.stderr.components(separatedBy: "no state or site written").count - 1 == 3, "\(result.stderr)")
        #expect(Self.json(result.stdout)["rendered"] as? Int == 0 && Self.json(result.stdout)["reused"] as? Int == 4, "\(result.stdout)")
    }

    @Test func theContainerfileAndTheReadmeSayWhatTheyShould() throws {
        let containerfile = try String(contentsOf: Self.deploy.appendingPathComponent("Containerfile"), encoding: .utf8)
        let stages = containerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2 && stages[0].contains("swift") && stages[1].contains("slim"), "\(stages)")
        for package in ["libsqlite3-0", "libsndfile1", "fluid-soundfont-gm", "COPY --from=build"] {
            #expect(containerfile.contains(package), "Containerfile: \(package)")
        }
        #expect(containerfile.contains("NOT BUILT"), "it says it could not be built here")

        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## ").first { $0.hasPrefix("Scale out") }, "a Scale out section")
        for needle in ["deploy/kubernetes/studio-shards.yaml", "completionMode: Indexed", "JOB_COMPLETION_INDEX",
                       "deploy/slurm/studio-shards.sbatch", "SLURM_ARRAY_TASK_ID", "afterok", "--shard", "docs/SCALING.md"] {
            #expect(section.contains(needle), "README Scale out: \(needle)")
        }
        let scaling = try String(contentsOf: Self.repository.appendingPathComponent("docs/SCALING.md"), encoding: .utf8)
        for needle in ["renders per hour per core", "100,000", "rsync", "aws s3 sync", "rclone"] {
            #expect(scaling.contains(needle), "docs/SCALING.md: \(needle)")
        }
    }
}
