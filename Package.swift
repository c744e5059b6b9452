// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("MemberImportVisibility"),
  .treatAllWarnings(as: .error),
]

let package = Package(
  name: "rolecall",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "RoleCall", targets: ["RoleCall"]),
    .executable(name: "rolecall", targets: ["rolecall"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CPcap",
      pkgConfig: "libpcap",
      providers: [.apt(["libpcap-dev"])]
    ),
    .target(name: "CSupport"),
    .target(
      name: "RoleCall",
      dependencies: [
        "CPcap", "CSupport", .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "rolecall",
      dependencies: [
        "RoleCall",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "rolecall-bench",
      dependencies: ["RoleCall"],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "rolecall-score",
      dependencies: ["RoleCall"],
      swiftSettings: strictSettings
    ),
    // The test build's counting allocator (AllocationTests); never part of rolecall.
    .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
    .testTarget(
      name: "RoleCallTests",
      dependencies: [
        "RoleCall", "CPcap", "AllocationCounter", .product(name: "Yams", package: "Yams"),
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      exclude: ["Fixtures", "Golden", "FuzzRegressions"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
