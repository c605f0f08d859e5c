module.exports = require('../../tools/config/eslint.config')(__dirname);
