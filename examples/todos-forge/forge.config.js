// Electron Forge's configuration, as its Vite template writes it, with the
// Rust addon kept out of app.asar. `npm run package` / `npm run make` build
// the bundles first (the Vite plugin's prePackage hook), then package.
const { FusesPlugin } = require("@electron-forge/plugin-fuses");
const { FuseV1Options, FuseVersion } = require("@electron/fuses");

module.exports = {
  packagerConfig: {
    // The Vite plugin packages only .vite/ (main, preload, page, and the
    // addon that vite.main.config.mjs copies to .vite/build/core.node).
    asar: true,
  },
  rebuildConfig: {},
  makers: [
    { name: "@electron-forge/maker-squirrel", config: {} },
    { name: "@electron-forge/maker-zip", platforms: ["darwin"] },
    { name: "@electron-forge/maker-deb", config: {} },
  ],
  plugins: [
    {
      name: "@electron-forge/plugin-vite",
      config: {
        build: [
          { entry: "src/main.js", config: "vite.main.config.mjs", target: "main" },
          { entry: "src/preload.js", config: "vite.preload.config.mjs", target: "preload" },
        ],
        renderer: [{ name: "main_window", config: "vite.renderer.config.mjs" }],
      },
    },
    // A shared library cannot be loaded from inside app.asar: this plugin
    // sets `packagerConfig.asar.unpack` to every `.node` file, so the addon
    // lands in app.asar.unpacked/.vite/build/core.node, where Electron's
    // require follows the archive's path.
    { name: "@electron-forge/plugin-auto-unpack-natives", config: {} },
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    }),
  ],
};
