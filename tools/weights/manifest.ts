/**
 * The ImageNet base weights that `--base auto` may download: where each file is published
 * (a GitHub repository pinned to a commit), its size and its sha256. The sums are this
 * repository's own record, checked against the files in ../shared/weights (SHA256SUMS there)
 * when this table was written; a download that does not match them is refused.
 */

/** One file of a base, as published and as cached (`path` relative to the base's folder). */
export interface WeightFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** A base that can be fetched: one `.tflite` file, or a TF.js layers model (model.json + shards). */
export interface PublishedBase {
  /** Its name in the cache and on a mirror: the `.tflite` file's stem, or the TF.js model's folder. */
  name: string;
  format: 'tflite' | 'tfjs-layers';
  /** MobileNet v1 width multiplier. */
  width: number;
  /** What a loader opens: the `.tflite` file, or `model.json`. */
  entry: string;
  /** Where it is published: `github.com/<repo>` at `<commit>`, files under `<dir>`. */
  repo: string;
  commit: string;
  dir: string;
  licence: string;
  /** The folder of ../shared/weights holding the same files. */
  sharedDir: string;
  files: WeightFile[];
}

/** google-coral/test_data: Google's quantization-aware MobileNet v1 `.tflite` files (Apache-2.0). */
const CORAL = {
  format: 'tflite',
  repo: 'google-coral/test_data',
  commit: '104342d2d3480b3e66203073dac24f4e2dbb4c41',
  dir: '',
  licence: 'Apache-2.0',
  sharedDir: 'tflite_quant_coral',
} as const;

const coral = (name: string, width: number, bytes: number, sha256: string): PublishedBase => ({
  ...CORAL,
  name,
  width,
  entry: `${name}.tflite`,
  files: [{ path: `${name}.tflite`, bytes, sha256 }],
});

/** `[path, bytes, sha256]` of Google's TF.js MobileNet v1 0.25_224 (Keras conversion), in order. */
const LAYERS_0_25_224: [string, number, string][] = [
  ['model.json', 49367, '47417a9a7318ac0de893ed738ae84c6c26c294a415f06c421ff1c6af45df84f1'],
  ['group1-shard1of1', 864, 'edabf35aefbb81c92764cbfff6319c77376bfc36febff8fcda7af703d2b2d6aa'],
  ['group2-shard1of1', 128, '2c1e2fdf2b434592a87f2473ee63eaadec9b9992274bf894bf9022aa62a4b295'],
  ['group3-shard1of1', 288, '5c6dc065b191c2d25817b1363962b3750b10f12d1da45503d4f2b35f63828b44'],
  ['group4-shard1of1', 4608, '6d0bdad897777f9eff6645374b533887cc446ebbb775ee9c4fb6ba3651c39be8'],
  ['group5-shard1of1', 2048, 'b0d70f6c3943ff882969ee42494650cbad05b6358ae4dd7fb767052e2c8d61a9'],
  ['group6-shard1of1', 4608, 'b1670b847b867f3375c5c28182f8dc7ec4cd5227e8a288e63c205057b4bcae06'],
  ['group7-shard1of1', 2048, '9449cf689bf0c590b8637e2d85cd66121af6e24ef23e327e1e9616e33c943ccf'],
  ['group8-shard1of1', 4608, 'ff90f4c898656ab72f1b22c661527d33ea24c277e0ec41a694b796bc70bbef62'],
  ['group9-shard1of1', 2048, '619417b59fbc5c8b19c0103a1356d8c6cc2edbbacae04d61bd66d568ca44ca10'],
  ['group10-shard1of1', 9216, '56e538501e0a023c76eef09155492d06ac9b6c23e1ff740ce41b82b3c31d6e94'],
  ['group11-shard1of1', 4096, '5f089a0979fa68b7637bf26c51e866b6e08d2bad72e1a3e10dec081d551133e2'],
  ['group12-shard1of1', 128, '47b68d00ca57c0b6e39fb9d39e4eb7dabf0b99ec38c49bc45e1397cea329fe46'],
  ['group13-shard1of1', 576, '7b7c74cb5c301312a7c62c9eeb4fdc8c5c57880f58268c32c1060bae7452a93a'],
  ['group14-shard1of1', 256, '1403fb88a00a1ee465631c6fdb8eec0d532a7b4d9e946f03ae6848304bf41082'],
  ['group15-shard1of1', 1152, '31fc5c67b4f0f32a86069c90f5098988fb4b6b9d6e837cde9318bf82c6ace283'],
  ['group16-shard1of1', 512, '45befac068de20c8d151a3cba9f7d09a0d4e0fd23e786a78615a98eb0800b1a5'],
  ['group17-shard1of1', 1152, '268bfbd17bd9333c3867de58d15c359f8211111b47130361fc078ad85c838c17'],
  ['group18-shard1of1', 512, 'fd6b29d8b2c4b14cb68b23c5b065c98cb5bf5b1bb591823fabbbf59a5699dcb3'],
  ['group19-shard1of1', 2304, '65f3ba8b805628857d9305ddec4b07b2ba3c578a7740d10791384a3ff5574ad1'],
  ['group20-shard1of1', 1024, '7050469756997f7f39f29123924e4d570740c865b9778102b4b5e860a60d2445'],
  ['group21-shard1of1', 2304, 'b7ac12c0857e6de96b0973df3f68bfe0d49a24f2408c120fe698e4b892bf00cc'],
  ['group22-shard1of1', 1024, '5206911ca627537095d3b4f6389df6d3d6397a7faee336e67215b71a691c8ae9'],
  ['group23-shard1of1', 4608, '67a89784137ea9720e6c5ee9d70113933e087100f3f0df3eebefda9dc11c72a3'],
  ['group24-shard1of1', 2048, 'c6fec2526a167ae899ad6bc96a27a4e525ef5e94da0c23a37465ecae266afd4d'],
  ['group25-shard1of1', 4608, '8dd9917bfc71ffec7d2f9b8a74a47b59fbc1f7d03e18c1a7996fb64cca244cb7'],
  ['group26-shard1of1', 2048, '93fd2a5988cb4578cf6ccb7f65eaf838621307923b726f4d34a9a69c82aa7835'],
  ['group27-shard1of1', 4608, '71a4b8f17edb37acb78b0acd6d666f247fbd41588528f84c74514054274f91bb'],
  ['group28-shard1of1', 2048, '88a53e2fe1d619390a3783149161113d6c792262133bd07d2a7ee0f0c8176e00'],
  [
    'group29-shard1of1',
    1028000,
    'f047ff48ce2829fd9c10bbae13c9443d77d2450c3373b47ca3f8b837f0012789',
  ],
  ['group30-shard1of1', 512, '165a39308c2b2db017e4e1c70d70014da8e7b2057d214a92b87ccd0aa8ecb8da'],
  ['group31-shard1of1', 65536, 'be3ae0501d536d6b8ebc9848b978062772dff56591473a3d593cdd23bad8557b'],
  ['group32-shard1of1', 2048, '6bab02eafbdb5743a75b8a18f4676f0206b9b2ddfe58bb752b3624fef4570bee'],
  ['group33-shard1of1', 65536, '53adf89e30f46c58b4f2d692e3f74901346e0d9220abd42910069aa04b8a2ec6'],
  ['group34-shard1of1', 2048, '1f43e3baf5e0c002b161da703a15c05f331e6369da2ec24d9427365052e8ea02'],
  ['group35-shard1of1', 131072, '1277abc3755440b0589d7c19630c48ff996c7ed64cfdf29c9dfcc539db5788ea'],
  ['group36-shard1of1', 4096, 'fa47f3541eea153174b3159d5fe2d376de467a49925870fea3804f31253ca227'],
  ['group37-shard1of1', 262144, '00ede3172b77a23b95371ea79f0480b6a46c296c3c875732beeb213278223c4e'],
  ['group38-shard1of1', 4096, 'f9cda80d267ab6ef2c657afed93c1f0342db0a14c8c61ee8036dcd6ba04cf526'],
  ['group39-shard1of1', 256, '0a9369be8b5dfb7f25eb782ca9d57bcf5c6018a60c5789975b7c802d2e9a8033'],
  ['group40-shard1of1', 2048, 'e29621b35ebb0a35d22a11ae5b1bb070c0526577bd92ed9c2cbf0a63f055b4e1'],
  ['group41-shard1of1', 512, 'ac7417eb2b88016e6aed832a0cb61369e6457a7bbfef1167c22e49e00cf2a315'],
  ['group42-shard1of1', 4096, '7c292473c55e234091f8d99422743779a5a9e8f91d49c90ef9a77432290299d4'],
  ['group43-shard1of1', 512, '74ec361a7398c2510727c6a513f6e79a407aa5332f8a1b2b8c992b445a108c98'],
  ['group44-shard1of1', 8192, 'ea7b1678a5eecbbec96a7aacb5577f54df43f71be8ee2480b5942e717488f6de'],
  ['group45-shard1of1', 1024, '56f8ed19d60e630e7a528adc90bc7215991c42606435be271ba2e1301317f353'],
  ['group46-shard1of1', 16384, '32124cabcfdc5859466b6af656c8467fb4a48bdaac6382ab5b5db015565a09b4'],
  ['group47-shard1of1', 1024, '34fa5b0e22b0d998a9fe503fb921cf947c1f163d4b70017801cb6e900b1ab6d5'],
  ['group48-shard1of1', 32768, 'b2be37c058ad99a6bd51ca54884b3dfe278b33e5372d470ba8f4a8859139fb7d'],
  ['group49-shard1of1', 2048, '59fa80185c94b52f85592b65de71563a8acca6ed5cb94c4ae8f2a02ec97e808c'],
  ['group50-shard1of1', 65536, '530f049c43b9f31f2e4aa2663723a5090cdec42f243833f348acb400a386311c'],
  ['group51-shard1of1', 2048, '1d202ecdbb7d48aa152ccb8cc34b24812f774038802f80a3e8889b3ab3b48599'],
  ['group52-shard1of1', 65536, 'ce01c0edb4584d50dddaf7d0deba4ab156b43176c8810a92b21ab0b239cecfba'],
  ['group53-shard1of1', 2048, '6cca55e52e39b97b87d67a21180fba53e51d3e2cdbb157ebfa09530836119364'],
  ['group54-shard1of1', 65536, '63f0914ba3f4cd773e2b4eae2235ab43cb325b1ab21f1dc7325160b5b6aa0f3b'],
  ['group55-shard1of1', 2048, 'a762f7d6c962f43b16e8ef3fede568eac7f6fb2941af14cb25ef9a211e50f704'],
];

/** Every base `--base auto` can fetch, smallest first within a width. */
export const PUBLISHED_BASES: readonly PublishedBase[] = [
  coral(
    'mobilenet_v1_0.25_128_quant',
    0.25,
    525_598,
    'cb273c23ee76374b05b9583177e28aa19744858a7679c56a250e83d0333da785',
  ),
  {
    name: 'mobilenet_v1_0.25_224',
    format: 'tfjs-layers',
    width: 0.25,
    entry: 'model.json',
    // A copy of Google's tfjs-models `tfjs/mobilenet_v1_0.25_224`, pinned where a commit exists.
    repo: 'Nemurino-kai/FoodPornBlocker',
    commit: 'f9485382dc06fc000a9f90011d02f1e18da641d0',
    dir: 'mobilenet_v1_025_224/',
    licence: "Apache-2.0 (Google's MobileNet weights; the copying repository states none)",
    sharedDir: 'mobilenet_v1_0.25_224',
    files: LAYERS_0_25_224.map(([path, bytes, sha256]) => ({ path, bytes, sha256 })),
  },
  coral(
    'mobilenet_v1_0.5_160_quant',
    0.5,
    1_392_846,
    '3cc6d2ca460abd2e0f699a6d0d2550c6b61c6e3b0e27a3616e384ea74cb86f43',
  ),
  coral(
    'mobilenet_v1_0.75_192_quant',
    0.75,
    2_652_542,
    '41daeb22fdcf947e0e5ec32373aa9df7c31f3ef45dbd0ef7b5940fbce3c20f6a',
  ),
  // Width 1.0 has only the embedding extractor (no classifier) as a pinned quantized file; its TF.js
  // layers model cannot be pinned (the copy of its last 4 MiB shard was never obtained).
  coral(
    'mobilenet_v1_1.0_224_quant_embedding_extractor',
    1,
    3_251_736,
    'f409ef4f73fcbb9667841965623c5c8524aac33d41b9bf5f3667161fb4a76319',
  ),
];

/** Total bytes of a base's files. */
export const baseBytes = (b: PublishedBase): number => b.files.reduce((n, f) => n + f.bytes, 0);
