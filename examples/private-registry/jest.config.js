module.exports = {
  ...require('../../tools/config/jest.config.base'),
  roots: ['<rootDir>/test'],
};
